package dev.metarag.inference.tokenize;

import java.text.Normalizer;

/**
 * A text after BERT normalisation (clean-up, spaces around CJK ideographs, accent stripping,
 * lower-casing), remembering for every normalised character the span of the original it came from.
 * Follows the Hugging Face {@code BertNormalizer}, so that token ids match those the model was
 * trained with, while offsets still point into the caller's text.
 */
final class NormalizedText {
  final StringBuilder chars = new StringBuilder();
  // origStart[i], origEnd[i]: span of the original text behind normalised character i.
  private int[] origStart = new int[64];
  private int[] origEnd = new int[64];

  private NormalizedText() {}

  static NormalizedText of(String text, boolean lowercase, boolean stripAccents) {
    NormalizedText out = new NormalizedText();
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      int next = i + Character.charCount(cp);
      if (cp == 0 || cp == 0xFFFD || isControl(cp)) {
        i = next;
        continue;
      }
      if (isWhitespace(cp)) {
        out.append(' ', i, next);
      } else if (isCjkIdeograph(cp)) {
        out.append(' ', i, i);
        out.appendCodePoint(cp, i, next);
        out.append(' ', next, next);
      } else {
        String s = stripAccents ? stripMarks(cp) : new String(Character.toChars(cp));
        for (int j = 0; j < s.length(); ) {
          int c = s.codePointAt(j);
          out.appendCodePoint(lowercase ? Character.toLowerCase(c) : c, i, next);
          j += Character.charCount(c);
        }
      }
      i = next;
    }
    return out;
  }

  int length() {
    return chars.length();
  }

  int originalStart(int normalizedIndex) {
    return origStart[normalizedIndex];
  }

  int originalEnd(int normalizedIndex) {
    return origEnd[normalizedIndex];
  }

  private void appendCodePoint(int cp, int start, int end) {
    for (char c : Character.toChars(cp)) {
      append(c, start, end);
    }
  }

  private void append(char c, int start, int end) {
    int n = chars.length();
    if (n == origStart.length) {
      origStart = java.util.Arrays.copyOf(origStart, n * 2);
      origEnd = java.util.Arrays.copyOf(origEnd, n * 2);
    }
    chars.append(c);
    origStart[n] = start;
    origEnd[n] = end;
  }

  private static String stripMarks(int cp) {
    String decomposed =
        Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFD);
    StringBuilder kept = new StringBuilder(decomposed.length());
    decomposed
        .codePoints()
        .filter(c -> Character.getType(c) != Character.NON_SPACING_MARK)
        .forEach(kept::appendCodePoint);
    return kept.toString();
  }

  static boolean isControl(int cp) {
    if (cp == '\t' || cp == '\n' || cp == '\r') {
      return false;
    }
    int type = Character.getType(cp);
    return type == Character.CONTROL
        || type == Character.FORMAT
        || type == Character.SURROGATE
        || type == Character.PRIVATE_USE
        || type == Character.UNASSIGNED;
  }

  /**
   * Unicode White_Space, as Rust's {@code char::is_whitespace} (Java's own omits no-break spaces).
   */
  static boolean isWhitespace(int cp) {
    return switch (cp) {
      case ' ',
          '\t',
          '\n',
          0x0B,
          '\f',
          '\r',
          0x85,
          0xA0,
          0x1680,
          0x2028,
          0x2029,
          0x202F,
          0x205F,
          0x3000 ->
          true;
      default -> cp >= 0x2000 && cp <= 0x200A;
    };
  }

  static boolean isCjkIdeograph(int cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF)
        || (cp >= 0x3400 && cp <= 0x4DBF)
        || (cp >= 0x20000 && cp <= 0x2A6DF)
        || (cp >= 0x2A700 && cp <= 0x2B73F)
        || (cp >= 0x2B740 && cp <= 0x2B81F)
        || (cp >= 0x2B820 && cp <= 0x2CEAF)
        || (cp >= 0xF900 && cp <= 0xFAFF)
        || (cp >= 0x2F800 && cp <= 0x2FA1F);
  }

  /** ASCII symbols count as punctuation too, as in BERT's original pre-tokeniser. */
  static boolean isPunctuation(int cp) {
    if ((cp >= 33 && cp <= 47)
        || (cp >= 58 && cp <= 64)
        || (cp >= 91 && cp <= 96)
        || (cp >= 123 && cp <= 126)) {
      return true;
    }
    int type = Character.getType(cp);
    return type == Character.CONNECTOR_PUNCTUATION
        || type == Character.DASH_PUNCTUATION
        || type == Character.START_PUNCTUATION
        || type == Character.END_PUNCTUATION
        || type == Character.INITIAL_QUOTE_PUNCTUATION
        || type == Character.FINAL_QUOTE_PUNCTUATION
        || type == Character.OTHER_PUNCTUATION;
  }
}
