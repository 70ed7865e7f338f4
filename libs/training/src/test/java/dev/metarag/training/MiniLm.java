package dev.metarag.training;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The pretrained MiniLM files from the classpath (the Maven Central jar), read once. */
public final class MiniLm {
  private static byte[] model;

  private MiniLm() {}

  public static synchronized byte[] onnxBytes() {
    if (model == null) {
      model = read("/all-minilm-l6-v2.onnx");
    }
    return model;
  }

  public static byte[] tokenizerJson() {
    return read("/all-minilm-l6-v2-tokenizer.json");
  }

  private static byte[] read(String resource) {
    try (InputStream in = MiniLm.class.getResourceAsStream(resource)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
