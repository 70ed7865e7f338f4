package dev.metarag.generator.answer;

/**
 * The sentence around an answer span, for display, with the span's offsets inside it. Sentences end
 * at '.', '!' or '?' followed by white space, or at a line break; a sentence longer than {@link
 * #MAX_CHARS} is cut to a window around the span.
 *
 * @param spanStart start of the span within {@code text}, inclusive
 * @param spanEnd end of the span within {@code text}, exclusive
 */
public record Snippet(String text, int spanStart, int spanEnd) {
  public static final int MAX_CHARS = 300;

  /** The snippet of {@code source[start, end)}. */
  public static Snippet around(String source, int start, int end) {
    int from = sentenceStart(source, start);
    int to = sentenceEnd(source, end);
    while (from < start && Character.isWhitespace(source.charAt(from))) {
      from++;
    }
    while (to > end && Character.isWhitespace(source.charAt(to - 1))) {
      to--;
    }
    if (to - from > MAX_CHARS) {
      // Share what is left of the budget between the two sides, giving unused room to the other.
      int room = Math.max(0, MAX_CHARS - (end - start));
      int left = Math.min(start - from, room / 2);
      int right = Math.min(to - end, room - left);
      left = Math.min(start - from, room - right);
      from = start - left;
      to = end + right;
    }
    return new Snippet(source.substring(from, to), start - from, end - from);
  }

  private static int sentenceStart(String s, int start) {
    for (int i = start - 1; i > 0; i--) {
      char c = s.charAt(i);
      if (c == '\n' || (Character.isWhitespace(c) && isTerminator(s.charAt(i - 1)))) {
        return i + 1;
      }
    }
    return 0;
  }

  private static int sentenceEnd(String s, int end) {
    for (int i = Math.max(end, 1); i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\n') {
        return i;
      }
      if (Character.isWhitespace(c) && isTerminator(s.charAt(i - 1))) {
        return i;
      }
    }
    return s.length();
  }

  private static boolean isTerminator(char c) {
    return c == '.' || c == '!' || c == '?';
  }
}
