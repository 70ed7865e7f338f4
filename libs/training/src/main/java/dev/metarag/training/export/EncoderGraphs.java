package dev.metarag.training.export;

import dev.metarag.inference.onnx.OnnxModel;
import dev.metarag.training.rag.RagParameters;
import java.io.IOException;

/**
 * One model's encoder graphs exactly as its export builds them, built at first use and kept: what
 * models that keep these encoders are exported with, and what their frozen hidden states are
 * computed on, so that an adaptation trains its heads on the very encoder it will serve. Not
 * thread-safe.
 */
public final class EncoderGraphs {
  private final RagExport export;
  private final RagParameters parameters;
  private byte[] queryEncoder;
  private OnnxModel readerEncoder;

  public EncoderGraphs(RagExport export, RagParameters parameters) {
    this.export = export;
    this.parameters = parameters;
  }

  /** The query encoder's graph. */
  public byte[] queryEncoder() throws IOException {
    if (queryEncoder == null) {
      queryEncoder = export.queryEncoder(parameters);
    }
    return queryEncoder;
  }

  /** The reader's encoder, without heads, with the export's {@link RagExport#readerWeights()}. */
  public OnnxModel readerEncoder() throws IOException {
    if (readerEncoder == null) {
      readerEncoder = export.readerEncoder(parameters);
    }
    return readerEncoder;
  }
}
