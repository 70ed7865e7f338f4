package dev.metarag.data.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RankingMetricsTest {
  private static final List<String> RANKED = List.of("d1", "d2", "d3", "d4", "d5");

  @Test
  void recallIsTheShareOfRelevantDocumentsFound() {
    // Relevant: d2, d5 and d9 (never retrieved). Top 1 finds none, top 2 finds d2 (1 of 3), and
    // a k beyond the list finds d2 and d5 (2 of 3).
    Map<String, Integer> rel = Map.of("d2", 1, "d5", 1, "d9", 1);

    assertThat(RankingMetrics.recallAtK(RANKED, rel, 1)).isZero();
    assertThat(RankingMetrics.recallAtK(RANKED, rel, 2)).isCloseTo(1 / 3.0, offset(1e-12));
    assertThat(RankingMetrics.recallAtK(RANKED, rel, 100)).isCloseTo(2 / 3.0, offset(1e-12));
  }

  @Test
  void hitIsOneWhenAnyRelevantDocumentIsInTheTopK() {
    // Same judgements: at k = 2 recall is 1/3 but hit is 1.
    Map<String, Integer> rel = Map.of("d2", 1, "d5", 1, "d9", 1);

    assertThat(RankingMetrics.hitAtK(RANKED, rel, 1)).isZero();
    assertThat(RankingMetrics.hitAtK(RANKED, rel, 2)).isEqualTo(1);
    assertThat(RankingMetrics.hitAtK(RANKED, rel, 100)).isEqualTo(1);
  }

  @Test
  void withOneRelevantDocumentRecallAndHitAgree() {
    Map<String, Integer> rel = Map.of("d3", 1);

    for (int k = 1; k <= 6; k++) {
      assertThat(RankingMetrics.recallAtK(RANKED, rel, k))
          .isEqualTo(RankingMetrics.hitAtK(RANKED, rel, k));
    }
  }

  @Test
  void reciprocalRankUsesTheFirstRelevantDocumentWithinK() {
    // d3 at rank 3 comes before d4: 1/3 at k = 10; nothing relevant in the top 2.
    Map<String, Integer> rel = Map.of("d3", 1, "d4", 1);

    assertThat(RankingMetrics.reciprocalRankAtK(RANKED, rel, 10)).isCloseTo(1 / 3.0, offset(1e-12));
    assertThat(RankingMetrics.reciprocalRankAtK(RANKED, rel, 2)).isZero();
  }

  @Test
  void ndcgMatchesAHandComputedValue() {
    // Grades d2 = 2, d4 = 1, the rest 0. DCG@4 = 2/log2(3) + 1/log2(5) = 1.261860 + 0.430677
    // = 1.692536. Ideal order d2, d4: 2/log2(2) + 1/log2(3) = 2 + 0.630930 = 2.630930.
    // nDCG@4 = 1.692536 / 2.630930 = 0.643322.
    Map<String, Integer> rel = Map.of("d2", 2, "d4", 1);

    assertThat(RankingMetrics.ndcgAtK(RANKED, rel, 4)).isCloseTo(0.643322, offset(1e-6));
    assertThat(RankingMetrics.ndcgAtK(List.of("d2", "d4"), rel, 10)).isCloseTo(1.0, offset(1e-12));
  }

  @Test
  void ndcgTakesTheIdealFromTheJudgementsNotFromTheRanking() {
    // Only d1 (grade 1) is retrieved; d7 (grade 3) is not. k = 2:
    // DCG = 1/log2(2) = 1. Ideal = 3/log2(2) + 1/log2(3) = 3.630930. nDCG = 0.275411.
    Map<String, Integer> rel = Map.of("d1", 1, "d7", 3);

    assertThat(RankingMetrics.ndcgAtK(RANKED, rel, 2)).isCloseTo(0.275411, offset(1e-6));
  }

  @Test
  void ndcgCutsTheIdealAtK() {
    // Three relevant documents, k = 1: the ideal is just the best one, so a perfect first hit is 1.
    Map<String, Integer> rel = Map.of("d1", 1, "d2", 1, "d3", 1);

    assertThat(RankingMetrics.ndcgAtK(RANKED, rel, 1)).isEqualTo(1.0);
  }

  @Test
  void duplicatesCountOnceAtTheirFirstPosition() {
    // Passages of one document: d1, d1, d2 ranks d2 second, not third, so it is in the top 2,
    // its reciprocal rank is 1/2, and recall of {d1, d2} at 2 is 1, not 1/2.
    List<String> ranked = List.of("d1", "d1", "d2");

    assertThat(RankingMetrics.reciprocalRankAtK(ranked, Map.of("d2", 1), 2)).isEqualTo(0.5);
    assertThat(RankingMetrics.recallAtK(ranked, Map.of("d1", 1, "d2", 1), 2)).isEqualTo(1.0);
    // DCG = 1/log2(3) = 0.630930; ideal 1. A repeat of d2 would not add gain.
    assertThat(RankingMetrics.ndcgAtK(List.of("d1", "d2", "d2"), Map.of("d2", 1), 3))
        .isCloseTo(0.630930, offset(1e-6));
  }

  @Test
  void nothingRelevantScoresZeroEverywhere() {
    Map<String, Integer> none = Map.of("d1", 0);

    assertThat(RankingMetrics.recallAtK(RANKED, none, 5)).isZero();
    assertThat(RankingMetrics.hitAtK(RANKED, none, 5)).isZero();
    assertThat(RankingMetrics.reciprocalRankAtK(RANKED, Map.of(), 5)).isZero();
    assertThat(RankingMetrics.ndcgAtK(RANKED, none, 5)).isZero();
  }

  @Test
  void anEmptyRankingScoresZero() {
    assertThat(RankingMetrics.hitAtK(List.of(), Map.of("d1", 1), 5)).isZero();
    assertThat(RankingMetrics.ndcgAtK(List.of(), Map.of("d1", 1), 5)).isZero();
  }

  @Test
  void kMustBePositive() {
    assertThatThrownBy(() -> RankingMetrics.recallAtK(RANKED, Map.of("d1", 1), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k must be at least 1");
  }

  @Test
  void theAccumulatorAveragesPerMetricOverQueries() {
    // Query A: relevant d1 at rank 1 -> RR 1. Query B: relevant d3 at rank 3 -> RR 1/3.
    // MRR@10 = (1 + 1/3) / 2 = 0.666667.
    MeanAccumulator acc = new MeanAccumulator();
    acc.add("mrr@10", RankingMetrics.reciprocalRankAtK(RANKED, Map.of("d1", 1), 10));
    acc.add("mrr@10", RankingMetrics.reciprocalRankAtK(RANKED, Map.of("d3", 1), 10));
    acc.add("recall@1", 0);

    assertThat(acc.mean("mrr@10")).isCloseTo(2 / 3.0, offset(1e-12));
    assertThat(acc.count("mrr@10")).isEqualTo(2);
    assertThat(acc.means()).containsOnlyKeys("mrr@10", "recall@1");
    assertThat(acc.mean("absent")).isNaN();
    assertThat(acc.count("absent")).isZero();
  }
}
