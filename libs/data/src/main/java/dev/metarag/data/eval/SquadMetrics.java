package dev.metarag.data.eval;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reading metrics, exact match and F1, each the best over the gold answers.
 *
 * <p>{@link TokenLevel#WORDS} follows the official SQuAD v1.1 script: answers are normalised
 * (lower-cased; ASCII punctuation, the articles a/an/the and extra white space removed), exact
 * match is string equality and F1 is over bags of words. One deliberate difference, taken from the
 * SQuAD v2.0 script: two answers that both normalise to nothing (such as "the" and "a") score F1 1,
 * not 0, agreeing with their exact match.
 *
 * <p>{@link TokenLevel#CHARACTERS} compares bags of characters after lower-casing, NFKC
 * normalisation (full-width forms to ASCII) and removing all Unicode punctuation and white space.
 * This is the character F1 Chinese sets report. CMRC 2018's own script scores by the longest common
 * substring instead of the bag, so its figures can be slightly lower.
 *
 * <p>An empty gold list means the question has no answer: the only right prediction is the empty
 * string, as in SQuAD v2.0.
 */
public final class SquadMetrics {
  private static final String ASCII_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
  // Unicode-aware, as Python's re is: "ña" is one word, not "ñ" and the article "a".
  private static final Pattern ARTICLES =
      Pattern.compile("\\b(a|an|the)\\b", Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern WHITESPACE =
      Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

  private SquadMetrics() {}

  /** The official SQuAD normalisation: lower case, no punctuation, no articles, single spaces. */
  public static String normalize(String s) {
    String lower = s.toLowerCase(Locale.ROOT);
    StringBuilder noPunct = new StringBuilder(lower.length());
    lower
        .codePoints()
        .filter(c -> ASCII_PUNCTUATION.indexOf(c) < 0)
        .forEach(noPunct::appendCodePoint);
    String noArticles = ARTICLES.matcher(noPunct).replaceAll(" ");
    return WHITESPACE.matcher(noArticles).replaceAll(" ").strip();
  }

  /** Word-level exact match: 1 if the prediction equals a gold answer after normalisation. */
  public static double exactMatch(String prediction, List<String> golds) {
    return exactMatch(prediction, golds, TokenLevel.WORDS);
  }

  /** Word-level F1, the best over the gold answers. */
  public static double f1(String prediction, List<String> golds) {
    return f1(prediction, golds, TokenLevel.WORDS);
  }

  /** 1 if the prediction's tokens equal a gold answer's tokens at the given level, else 0. */
  public static double exactMatch(String prediction, List<String> golds, TokenLevel level) {
    List<String> p = tokens(prediction, level);
    return orNoAnswer(golds).stream().anyMatch(g -> tokens(g, level).equals(p)) ? 1 : 0;
  }

  /** F1 over the bags of tokens at the given level, the best over the gold answers. */
  public static double f1(String prediction, List<String> golds, TokenLevel level) {
    List<String> p = tokens(prediction, level);
    return orNoAnswer(golds).stream().mapToDouble(g -> f1(p, tokens(g, level))).max().orElse(0);
  }

  private static List<String> orNoAnswer(List<String> golds) {
    return golds.isEmpty() ? List.of("") : golds;
  }

  static List<String> tokens(String s, TokenLevel level) {
    return switch (level) {
      case WORDS -> words(s);
      case CHARACTERS -> characters(s);
    };
  }

  private static List<String> words(String s) {
    String n = normalize(s);
    return n.isEmpty() ? List.of() : List.of(n.split(" "));
  }

  private static List<String> characters(String s) {
    String n = Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    return n.codePoints()
        .filter(c -> !isUnicodePunctuation(c) && !Character.isWhitespace(c))
        .mapToObj(Character::toString)
        .toList();
  }

  private static double f1(List<String> prediction, List<String> gold) {
    if (prediction.isEmpty() || gold.isEmpty()) {
      // Both empty agree fully (SQuAD v2.0); one empty shares nothing.
      return prediction.isEmpty() && gold.isEmpty() ? 1 : 0;
    }
    Map<String, Integer> counts = new HashMap<>();
    gold.forEach(t -> counts.merge(t, 1, Integer::sum));
    int common = 0;
    for (String t : prediction) {
      Integer c = counts.get(t);
      if (c != null && c > 0) {
        common++;
        counts.put(t, c - 1);
      }
    }
    if (common == 0) {
      return 0;
    }
    double precision = common / (double) prediction.size();
    double recall = common / (double) gold.size();
    return 2 * precision * recall / (precision + recall);
  }

  /** Unicode punctuation (categories P*) plus the ASCII symbols SQuAD counts as punctuation. */
  private static boolean isUnicodePunctuation(int c) {
    int t = Character.getType(c);
    return t == Character.CONNECTOR_PUNCTUATION
        || t == Character.DASH_PUNCTUATION
        || t == Character.START_PUNCTUATION
        || t == Character.END_PUNCTUATION
        || t == Character.INITIAL_QUOTE_PUNCTUATION
        || t == Character.FINAL_QUOTE_PUNCTUATION
        || t == Character.OTHER_PUNCTUATION
        || ASCII_PUNCTUATION.indexOf(c) >= 0;
  }
}
