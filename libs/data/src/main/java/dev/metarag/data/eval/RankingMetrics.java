package dev.metarag.data.eval;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Retrieval metrics of one ranked list of document ids against graded relevance judgements
 * (document id to grade, above 0 meaning relevant; the shape of a BEIR qrels entry).
 *
 * <p>A document id that appears more than once in the ranking (several passages of one document)
 * counts once, at its first position, and the top k means the first k distinct ids. A k larger than
 * the ranking just takes the whole ranking.
 *
 * <p>Two metrics go by "recall@k". {@link #recallAtK} is the IR definition: the share of the
 * relevant documents found in the top k. {@link #hitAtK} is whether any relevant document is there
 * (also called success@k, or "top-k retrieval accuracy" in DPR); QA-retrieval papers that say
 * recall@k usually mean this one. With one relevant document per query, as in sets converted from
 * QA data, the two are equal.
 *
 * <p>Every metric is 0 for a query with nothing relevant; average over the queries that have a
 * relevant document, as BEIR does, with {@link MeanAccumulator}.
 */
public final class RankingMetrics {
  private RankingMetrics() {}

  /** Share of the relevant documents found in the top k; 0 when nothing is relevant. */
  public static double recallAtK(List<String> ranked, Map<String, Integer> relevance, int k) {
    Set<String> relevant = relevant(relevance);
    if (relevant.isEmpty()) {
      return 0;
    }
    long found = top(ranked, k).stream().filter(relevant::contains).count();
    return found / (double) relevant.size();
  }

  /** 1 if any relevant document is in the top k, else 0 (success@k). */
  public static double hitAtK(List<String> ranked, Map<String, Integer> relevance, int k) {
    Set<String> relevant = relevant(relevance);
    return top(ranked, k).stream().anyMatch(relevant::contains) ? 1 : 0;
  }

  /**
   * 1 / rank of the first relevant document within the top k, or 0 if none is there; its mean over
   * queries is MRR@k.
   */
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
   * Normalised discounted cumulative gain at k: DCG = sum over ranks r = 1..k of grade / log2(r +
   * 1), divided by the DCG of the ideal ranking, the judged documents sorted by grade (so a
   * relevant document the retriever never returned still lowers the score). 0 when nothing is
   * relevant.
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
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, was " + k);
    }
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
