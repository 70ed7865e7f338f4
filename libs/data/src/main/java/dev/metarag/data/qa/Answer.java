package dev.metarag.data.qa;

/**
 * A gold answer.
 *
 * @param text the answer text
 * @param start character offset of the answer in its context, or -1 when the data set gives no span
 */
public record Answer(String text, int start) {

  public static final int NO_SPAN = -1;

  public boolean hasSpan() {
    return start >= 0;
  }

  public int end() {
    return start + text.length();
  }
}
