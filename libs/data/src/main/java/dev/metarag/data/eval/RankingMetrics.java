package dev.metarag.data.eval;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Retrieval metrics of one ranked list against graded relevance judgements. Document ids in the
 * ranking are counted once, at their first position.
 */
public final class RankingMetrics {
  private RankingMetrics() {}

  /** Fraction of the relevant documents found in the top k; 0 when nothing is relevant. */
  public static double recallAtK(List<String> ranked, Map<String, Integer> relevance, int k) {
    Set<String> relevant = relevant(relevance);
    if (relevant.isEmpty()) {
      return 0;
    }
    long found = top(ranked, k).stream().filter(relevant::contains).count();
    return found / (double) relevant.size();
  }

  /**
   * 1 if any relevant document is in the top k, else 0. In the QA-retrieval literature this is
   * often called "top-k accuracy" or, loosely, recall@k; with one relevant document per query the
   * two are equal.
   */
  public static double hitAtK(List<String> ranked, Map<String, Integer> relevance, int k) {
    Set<String> relevant = relevant(relevance);
    return top(ranked, k).stream().anyMatch(relevant::contains) ? 1 : 0;
  }

  /** 1 / rank of the first relevant document within the top k, or 0. */
  public static double reciprocalRankAtK(
      List<String> ranked, Map<String, Integer> relevance, int k) {
    Set<String> relevant = relevant(relevance);
    List<String> top = top(ranked, k);
    for (int i = 0; i < top.size(); i++) {
      if (relevant.contains(top.get(i))) {
        return 1.0 / (i + 1);
      }
    }
    return 0;
  }

  /**
   * Normalised discounted cumulative gain at k, with gain = graded relevance and discount log2(rank
   * + 1); the ideal ranking sorts the judged documents by relevance. 0 when nothing is relevant.
   */
  public static double ndcgAtK(List<String> ranked, Map<String, Integer> relevance, int k) {
    List<String> top = top(ranked, k);
    double dcg = 0;
    for (int i = 0; i < top.size(); i++) {
      dcg += Math.max(0, relevance.getOrDefault(top.get(i), 0)) / log2(i + 2);
    }
    List<Integer> gains =
        relevance.values().stream().filter(g -> g > 0).sorted((a, b) -> b - a).limit(k).toList();
    double ideal = 0;
    for (int i = 0; i < gains.size(); i++) {
      ideal += gains.get(i) / log2(i + 2);
    }
    return ideal == 0 ? 0 : dcg / ideal;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  private static Set<String> relevant(Map<String, Integer> relevance) {
    Set<String> s = new HashSet<>();
    relevance.forEach(
        (doc, grade) -> {
          if (grade > 0) {
            s.add(doc);
          }
        });
    return s;
  }

  /** The first k distinct ids. */
  static List<String> top(List<String> ranked, int k) {
    List<String> out = new ArrayList<>(Math.min(k, ranked.size()));
    Set<String> seen = new HashSet<>();
    for (String id : ranked) {
      if (out.size() == k) {
        break;
      }
      if (seen.add(id)) {
        out.add(id);
      }
    }
    return out;
  }
}
