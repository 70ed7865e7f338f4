package dev.metarag.data.qa;

/**
 * A gold answer.
 *
 * @param text the answer text
 * @param startChar offset of the answer in its context, in UTF-16 code units as Java indexes
 *     strings; {@link #NO_SPAN} when the data set gives no span (PubMedQA, MedQuAD) or the span did
 *     not match the text
 */
public record Answer(String text, int startChar) {

  /** The start of an answer that has no span in its context. */
  public static final int NO_SPAN = -1;

  /** An answer without a span: free text such as a yes/no decision or a whole passage. */
  public static Answer withoutSpan(String text) {
    return new Answer(text, NO_SPAN);
  }

  public boolean hasSpan() {
    return startChar >= 0;
  }

  /** The offset just past the answer; meaningful only when {@link #hasSpan()}. */
  public int endChar() {
    return startChar + text.length();
  }
}
