package dev.metarag.training.rag;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Remembers a frozen encoder's hidden states per input, up to a memory budget, so that an
 * adaptation that reads the same question-passage pairs several times (the evaluation before and
 * after, every step over the support set) runs the encoder on them once. Inputs beyond the budget
 * are computed every time, never refused. Not thread-safe: one adaptation uses it at a time.
 */
public final class MemoizedStates implements EncoderStates {
  private final EncoderStates encoder;
  private final long budgetBytes;
  private final Map<Input, float[]> states = new HashMap<>();
  private long usedBytes;
  private int computed;

  /**
   * @param budgetBytes the most memory the remembered states may take
   */
  public MemoizedStates(EncoderStates encoder, long budgetBytes) {
    this.encoder = encoder;
    this.budgetBytes = budgetBytes;
  }

  @Override
  public float[] hiddenStates(long[] ids, long[] mask, long[] types, int rows, int width) {
    Input input = new Input(ids, mask, types, rows, width);
    float[] known = states.get(input);
    if (known != null) {
      return known;
    }
    float[] fresh = encoder.hiddenStates(ids, mask, types, rows, width);
    computed++;
    long bytes = (long) fresh.length * Float.BYTES;
    if (usedBytes + bytes <= budgetBytes) {
      states.put(input, fresh);
      usedBytes += bytes;
    }
    return fresh;
  }

  /** How many times the encoder ran: once per distinct input while the budget lasts. */
  public int computed() {
    return computed;
  }

  /** Memory the remembered states take. */
  public long usedBytes() {
    return usedBytes;
  }

  /** One padded batch of inputs, compared by content. */
  private record Input(long[] ids, long[] mask, long[] types, int rows, int width) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Input other
          && rows == other.rows
          && width == other.width
          && Arrays.equals(ids, other.ids)
          && Arrays.equals(mask, other.mask)
          && Arrays.equals(types, other.types);
    }

    @Override
    public int hashCode() {
      return 31 * (31 * Arrays.hashCode(ids) + Arrays.hashCode(types)) + width;
    }
  }
}
