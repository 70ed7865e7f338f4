package dev.metarag.training.rag;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Remembers a frozen encoder's hidden states per input row (one question, or one question-passage
 * pair), up to a memory budget, so that an adaptation that reads the same pairs several times (the
 * evaluation before and after, every step over the support set, a passage retrieved for the
 * evaluation and for the support set) runs the encoder on each once. Rows beyond the budget are
 * computed every time, never refused. Not thread-safe: one adaptation uses it at a time.
 *
 * <p>Rows are padded on the right, as {@link RagModel} pads them. A row's states do not depend on
 * the batch it came in: padding is masked out of attention, so only the row's own tokens count (up
 * to float rounding). Padding positions of an assembled batch hold zeros; the reader excludes them
 * from every distribution.
 */
public final class MemoizedStates implements EncoderStates {
  private final EncoderStates encoder;
  private final long budgetBytes;
  private final Map<Row, float[]> states = new HashMap<>();
  private long usedBytes;
  private int computedRows;
  private int hidden = -1;

  /**
   * @param budgetBytes the most memory the remembered states may take
   */
  public MemoizedStates(EncoderStates encoder, long budgetBytes) {
    this.encoder = encoder;
    this.budgetBytes = budgetBytes;
  }

  @Override
  public float[] hiddenStates(long[] ids, long[] mask, long[] types, int rows, int width) {
    Row[] batch = new Row[rows];
    float[][] known = new float[rows][];
    List<Integer> missing = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      batch[r] = Row.of(ids, mask, types, r, width);
      known[r] = states.get(batch[r]);
      if (known[r] == null) {
        missing.add(r);
      }
    }
    if (!missing.isEmpty()) {
      computeRows(batch, missing, known);
    }
    float[] out = new float[rows * width * hidden];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(known[r], 0, out, r * width * hidden, known[r].length);
    }
    return out;
  }

  /** Runs the encoder on the missing rows only, padded to the longest of them. */
  private void computeRows(Row[] batch, List<Integer> missing, float[][] known) {
    int n = missing.size();
    int width = missing.stream().mapToInt(r -> batch[r].length()).max().orElseThrow();
    long[] ids = new long[n * width];
    long[] mask = new long[n * width];
    long[] types = new long[n * width];
    for (int i = 0; i < n; i++) {
      Row row = batch[missing.get(i)];
      System.arraycopy(row.ids, 0, ids, i * width, row.length());
      System.arraycopy(row.types, 0, types, i * width, row.length());
      Arrays.fill(mask, i * width, i * width + row.length(), 1);
    }
    float[] computed = encoder.hiddenStates(ids, mask, types, n, width);
    computedRows += n;
    hidden = computed.length / (n * width);
    for (int i = 0; i < n; i++) {
      Row row = batch[missing.get(i)];
      float[] rowStates =
          Arrays.copyOfRange(computed, i * width * hidden, (i * width + row.length()) * hidden);
      known[missing.get(i)] = rowStates;
      long bytes = (long) rowStates.length * Float.BYTES;
      if (usedBytes + bytes <= budgetBytes && states.putIfAbsent(row, rowStates) == null) {
        usedBytes += bytes;
      }
    }
  }

  /** How many rows the encoder ran on: once per distinct row while the budget lasts. */
  public int computedRows() {
    return computedRows;
  }

  /** Memory the remembered states take. */
  public long usedBytes() {
    return usedBytes;
  }

  /** One input row without its padding, compared by content. */
  private record Row(long[] ids, long[] types) {
    static Row of(long[] ids, long[] mask, long[] types, int row, int width) {
      int length = 0;
      while (length < width && mask[row * width + length] != 0) {
        length++;
      }
      int from = row * width;
      return new Row(
          Arrays.copyOfRange(ids, from, from + length),
          Arrays.copyOfRange(types, from, from + length));
    }

    int length() {
      return ids.length;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Row other
          && Arrays.equals(ids, other.ids)
          && Arrays.equals(types, other.types);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(ids) + Arrays.hashCode(types);
    }
  }
}
