package dev.metarag.inference.encoder;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files of a model package that a query encoder needs: {@code query-encoder.onnx}, {@code
 * tokenizer.json} and, optionally, {@code manifest.json} with {@code name} and {@code version}.
 */
public record EncoderPackage(Path queryEncoder, Path tokenizer, String name, String version) {
  public static final String QUERY_ENCODER_FILE = "query-encoder.onnx";
  public static final String TOKENIZER_FILE = "tokenizer.json";
  public static final String MANIFEST_FILE = "manifest.json";

  /** Reads a package directory, failing with the name of the first missing file. */
  public static EncoderPackage open(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new UncheckedIOException(
          new FileNotFoundException("model package directory " + directory + " does not exist"));
    }
    Path encoder = require(directory.resolve(QUERY_ENCODER_FILE));
    Path tokenizer = require(directory.resolve(TOKENIZER_FILE));
    String name = "query-encoder";
    String version = directory.getFileName().toString();
    Path manifest = directory.resolve(MANIFEST_FILE);
    if (Files.isRegularFile(manifest)) {
      try {
        JsonNode json = new ObjectMapper().readTree(manifest.toFile());
        name = json.path("name").asText(name);
        version = json.path("version").asText(version);
      } catch (JsonProcessingException e) {
        // The parser's message quotes the file; its location is enough to find the fault.
        JsonLocation at = e.getLocation();
        throw new IllegalArgumentException(
            "model package "
                + directory.getFileName()
                + ": manifest.json is not valid JSON"
                + (at == null
                    ? ""
                    : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"),
            e);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new EncoderPackage(encoder, tokenizer, name, version);
  }

  private static Path require(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new UncheckedIOException(
          new FileNotFoundException(
              "model package "
                  + file.getParent().getFileName()
                  + ": "
                  + file.getFileName()
                  + " is missing"));
    }
    return file;
  }
}
