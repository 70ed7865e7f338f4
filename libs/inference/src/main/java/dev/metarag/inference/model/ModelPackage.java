package dev.metarag.inference.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model package: one directory holding everything needed to serve a model version.
 *
 * <ul>
 *   <li>{@code query-encoder.onnx}: the query encoder (MiniLM graph, trained weights)
 *   <li>{@code reader.onnx}: the reader with its heads; output {@code head_logits} [B, T, 3] holds
 *       the start, end and relevance logits of every token (relevance is read at [CLS])
 *   <li>{@code tokenizer.json}
 *   <li>{@code manifest.json}: name, version, settings, lineage, metrics and the SHA-256 of every
 *       file above
 * </ul>
 *
 * Opening a package checks that every file is present and matches its checksum, so a truncated or
 * altered package is refused with the name of the file at fault.
 */
public record ModelPackage(Path directory, JsonNode manifest) {
  public static final String QUERY_ENCODER = "query-encoder.onnx";
  public static final String READER = "reader.onnx";
  public static final String TOKENIZER = "tokenizer.json";
  public static final String MANIFEST = "manifest.json";

  /** Name of the reader output that holds the head logits. */
  public static final String HEAD_LOGITS = "head_logits";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Opens and verifies a package directory. */
  public static ModelPackage open(Path directory) {
    Path manifestFile = directory.resolve(MANIFEST);
    if (!Files.isRegularFile(manifestFile)) {
      throw new InvalidModelPackageException(directory + ": " + MANIFEST + " is missing");
    }
    JsonNode manifest;
    try {
      manifest = JSON.readTree(manifestFile.toFile());
    } catch (IOException e) {
      throw new InvalidModelPackageException(
          directory + ": " + MANIFEST + " is not valid JSON: " + e.getMessage());
    }
    JsonNode files = manifest.path("files");
    if (!files.isObject() || files.isEmpty()) {
      throw new InvalidModelPackageException(directory + ": " + MANIFEST + " lists no files");
    }
    Iterator<Map.Entry<String, JsonNode>> it = files.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> f = it.next();
      Path file = directory.resolve(f.getKey()).normalize();
      if (!file.startsWith(directory.normalize())) {
        throw new InvalidModelPackageException(
            directory + ": manifest names a file outside the package: " + f.getKey());
      }
      if (!Files.isRegularFile(file)) {
        throw new InvalidModelPackageException(directory + ": " + f.getKey() + " is missing");
      }
      String actual = sha256(file);
      if (!actual.equals(f.getValue().asText())) {
        throw new InvalidModelPackageException(
            directory
                + ": "
                + f.getKey()
                + " is corrupt (SHA-256 "
                + actual
                + ", manifest says "
                + f.getValue().asText()
                + ")");
      }
    }
    return new ModelPackage(directory, manifest);
  }

  public String name() {
    return manifest.path("name").asText();
  }

  public String version() {
    return manifest.path("version").asText();
  }

  public Path file(String name) {
    return directory.resolve(name);
  }

  /** Files listed in the manifest with their SHA-256, in manifest order. */
  public Map<String, String> checksums() {
    Map<String, String> out = new LinkedHashMap<>();
    manifest
        .path("files")
        .fields()
        .forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  /** SHA-256 of bytes in memory, lower-case hex, as the manifest lists file checksums. */
  public static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new InvalidModelPackageException(file + " cannot be read: " + e.getMessage());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
