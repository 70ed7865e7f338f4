package dev.metarag.data.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * The one rule for where an answer text occurs in a passage: at every place where it matches and is
 * not part of a longer word, that is, where no letter or digit touches it from outside (when its
 * own first or last character is one). "18" does not occur in "180 grams", nor "days" in
 * "holidays"; "Beyoncé" does occur in "Beyoncé's", and "two" in "twenty-two". Training labels gold
 * spans with it on the raw text (character positions are needed); evaluation's relevance applies it
 * to SQuAD-normalised text.
 */
public final class WholeWords {
  private WholeWords() {}

  /** The start offsets in {@code text} of every whole-word occurrence of {@code answer}. */
  public static List<Integer> occurrences(String text, String answer) {
    List<Integer> starts = new ArrayList<>();
    if (answer.isEmpty()) {
      return starts;
    }
    for (int at = text.indexOf(answer); at >= 0; at = text.indexOf(answer, at + 1)) {
      if (isWholeWords(text, at, at + answer.length())) {
        starts.add(at);
      }
    }
    return starts;
  }

  /** Whether {@code text} holds {@code answer} at least once as whole words. */
  public static boolean contains(String text, String answer) {
    return !occurrences(text, answer).isEmpty();
  }

  /** Whether the characters [start, end) of {@code text} are not part of a longer word. */
  public static boolean isWholeWords(String text, int start, int end) {
    boolean joinedBefore =
        start > 0
            && isWordCharacter(text.codePointAt(start))
            && isWordCharacter(text.codePointBefore(start));
    boolean joinedAfter =
        end < text.length()
            && isWordCharacter(text.codePointBefore(end))
            && isWordCharacter(text.codePointAt(end));
    return !joinedBefore && !joinedAfter;
  }

  private static boolean isWordCharacter(int codePoint) {
    return Character.isLetterOrDigit(codePoint);
  }
}
