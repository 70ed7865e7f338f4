package dev.metarag.training.rag;

/**
 * Where a frozen encoder's hidden states come from. When an adaptation leaves an encoder unchanged
 * (ANIL adapts the heads only), its output is the same before, during and after the adaptation, so
 * it can be computed once, by a faster engine, instead of by the trainable DJL forward pass every
 * time. Implementations must return exactly what that encoder computes.
 */
@FunctionalInterface
public interface EncoderStates {
  /**
   * The last hidden states of {@code rows} padded inputs, row-major [rows, width, hidden].
   *
   * @param ids token ids, [rows * width]
   * @param mask 1 for real tokens, 0 for padding
   * @param types token type ids
   */
  float[] hiddenStates(long[] ids, long[] mask, long[] types, int rows, int width);
}
