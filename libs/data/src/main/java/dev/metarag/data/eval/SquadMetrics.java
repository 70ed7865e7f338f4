package dev.metarag.data.eval;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reading metrics as the official SQuAD v1.1 script computes them: answers are normalised
 * (lower-case, punctuation and the articles a/an/the removed, white space collapsed), exact match
 * is string equality, F1 is over word bags, and both take the best over the gold answers. For
 * Chinese the character-level variant (as CMRC 2018 scores) compares characters instead of words.
 */
public final class SquadMetrics {
  private static final Pattern ARTICLES = Pattern.compile("\\b(a|an|the)\\b");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private SquadMetrics() {}

  public static String normalize(String s) {
    String lower = s.toLowerCase(java.util.Locale.ROOT);
    StringBuilder noPunct = new StringBuilder(lower.length());
    lower.codePoints().filter(c -> !isPunctuation(c)).forEach(noPunct::appendCodePoint);
    String noArticles = ARTICLES.matcher(noPunct).replaceAll(" ");
    return WHITESPACE.matcher(noArticles).replaceAll(" ").strip();
  }

  public static double exactMatch(String prediction, List<String> golds) {
    String p = normalize(prediction);
    return golds.stream().anyMatch(g -> normalize(g).equals(p)) ? 1 : 0;
  }

  public static double f1(String prediction, List<String> golds) {
    return golds.stream().mapToDouble(g -> f1(tokens(prediction), tokens(g))).max().orElse(0);
  }

  /** F1 over characters, punctuation and white space removed (CMRC 2018 style, for Chinese). */
  public static double characterF1(String prediction, List<String> golds) {
    return golds.stream()
        .mapToDouble(g -> f1(characters(prediction), characters(g)))
        .max()
        .orElse(0);
  }

  private static List<String> tokens(String s) {
    String n = normalize(s);
    return n.isEmpty() ? List.of() : Arrays.asList(n.split(" "));
  }

  private static List<String> characters(String s) {
    String n = Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(java.util.Locale.ROOT);
    return n.codePoints()
        .filter(c -> !isPunctuation(c) && !Character.isWhitespace(c))
        .mapToObj(Character::toString)
        .toList();
  }

  private static double f1(List<String> prediction, List<String> gold) {
    if (prediction.isEmpty() || gold.isEmpty()) {
      // Both empty agree fully; one empty shares nothing.
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

  private static boolean isPunctuation(int c) {
    int t = Character.getType(c);
    return t == Character.CONNECTOR_PUNCTUATION
        || t == Character.DASH_PUNCTUATION
        || t == Character.START_PUNCTUATION
        || t == Character.END_PUNCTUATION
        || t == Character.INITIAL_QUOTE_PUNCTUATION
        || t == Character.FINAL_QUOTE_PUNCTUATION
        || t == Character.OTHER_PUNCTUATION
        || (c < 128 && "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".indexOf(c) >= 0);
  }
}
