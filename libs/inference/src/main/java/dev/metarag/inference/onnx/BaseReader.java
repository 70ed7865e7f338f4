package dev.metarag.inference.onnx;

import dev.metarag.inference.encoder.MiniLmResources;
import java.io.IOException;

/**
 * The reader of the "base" version, which no package holds: the pretrained MiniLM encoder with its
 * weights stored as exports store them ({@link ReaderWeights#INT8}) and untrained heads drawn with
 * {@link ReaderHeads#BASE_SEED}. Deterministic, so that every service builds the same graph.
 */
public final class BaseReader {
  /** MiniLM's hidden size. */
  public static final int HIDDEN = 384;

  /** How the base reader's encoder weights are stored. */
  public static final ReaderWeights WEIGHTS = ReaderWeights.INT8;

  private BaseReader() {}

  /** The reader graph: encoder and heads ({@code head_logits}). */
  public static byte[] graph() throws IOException {
    return ReaderHeads.initial(HIDDEN, ReaderHeads.BASE_SEED).appendTo(encoder());
  }

  /** The encoder part alone, whose {@code output_0} holds the hidden states the heads read. */
  public static OnnxModel encoder() throws IOException {
    return WEIGHTS.apply(OnnxModel.parse(MiniLmResources.model()));
  }
}
