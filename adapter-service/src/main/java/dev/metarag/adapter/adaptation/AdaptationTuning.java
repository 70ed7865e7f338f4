package dev.metarag.adapter.adaptation;

/**
 * How adaptations trade memory for speed.
 *
 * @param examplesPerPass support questions per forward and backward pass of a step
 * @param frozenStateBytes memory each frozen encoder may use to remember its hidden states during
 *     one adaptation
 */
public record AdaptationTuning(int examplesPerPass, long frozenStateBytes) {
  public AdaptationTuning {
    if (examplesPerPass < 1) {
      throw new IllegalArgumentException("examplesPerPass must be at least 1");
    }
    if (frozenStateBytes < 0) {
      throw new IllegalArgumentException("frozenStateBytes must not be negative");
    }
  }
}
