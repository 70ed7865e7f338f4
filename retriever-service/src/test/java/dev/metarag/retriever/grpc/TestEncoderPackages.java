package dev.metarag.retriever.grpc;

import dev.metarag.inference.encoder.EncoderPackage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes model package directories for query-encoder swaps, from models on the test classpath. */
public final class TestEncoderPackages {
  private TestEncoderPackages() {}

  /** The int8-quantised MiniLM as a package: a real, different encoder of the same dimension. */
  public static Path quantizedMiniLm(Path dir, String version) throws IOException {
    Files.createDirectories(dir);
    copy("/all-minilm-l6-v2-q.onnx", dir.resolve(EncoderPackage.QUERY_ENCODER_FILE));
    copy("/all-minilm-l6-v2-q-tokenizer.json", dir.resolve(EncoderPackage.TOKENIZER_FILE));
    Files.writeString(
        dir.resolve(EncoderPackage.MANIFEST_FILE),
        "{\"name\": \"minilm-int8\", \"version\": \"" + version + "\"}");
    return dir;
  }

  private static void copy(String resource, Path target) throws IOException {
    try (InputStream in = TestEncoderPackages.class.getResourceAsStream(resource)) {
      Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
