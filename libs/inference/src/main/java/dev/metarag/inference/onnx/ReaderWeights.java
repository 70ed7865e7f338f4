package dev.metarag.inference.onnx;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * How the weights of an exported reader graph's encoder are stored. The reader reads every
 * retrieved passage of every question, so it is where inference time goes; the query encoder reads
 * one short question and keeps its float weights, which also keeps query embeddings comparable to
 * the index's.
 */
public enum ReaderWeights {
  /** The trained float weights, unchanged: ONNX Runtime matches the training engine within 1e-4. */
  FLOAT32,
  /**
   * Weight matrices quantized to int8 ({@link Int8MatMuls}): about twice as fast on a CPU with
   * VNNI, hidden states within about a percent of the float graph's. The suite's default.
   */
  INT8;

  /** The name the package manifest records ("float32", "int8"). */
  public String manifestName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The weights a manifest names; packages from before the field existed hold float32 graphs.
   *
   * @throws IllegalArgumentException for a name that is neither
   */
  public static ReaderWeights fromManifest(String name) {
    if (name == null || name.isEmpty()) {
      return FLOAT32;
    }
    for (ReaderWeights w : values()) {
      if (w.manifestName().equals(name)) {
        return w;
      }
    }
    throw new IllegalArgumentException(
        "reader weights '" + name + "' are neither float32 nor int8");
  }

  /** An encoder graph with its weights stored this way. */
  public OnnxModel apply(OnnxModel encoder) throws IOException {
    return this == INT8 ? OnnxModel.parse(Int8MatMuls.quantize(encoder)) : encoder;
  }

  /**
   * Adds to an edit of an encoder graph what storing its weights this way takes.
   *
   * @param weights the trained values the edit puts into the graph, which quantization starts from
   */
  public void applyTo(OnnxModel encoder, Map<String, FloatTensor> weights, OnnxModel.Edit edit)
      throws IOException {
    if (this == INT8) {
      Int8MatMuls.quantizeInto(encoder, weights, edit);
    }
  }
}
