package dev.metarag.data.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RankingMetricsTest {
  private static final List<String> RANKED = List.of("d1", "d2", "d3", "d4", "d5");

  @Test
  void recallCountsTheShareOfRelevantDocumentsFound() {
    Map<String, Integer> rel = Map.of("d2", 1, "d5", 1, "d9", 1);

    assertThat(RankingMetrics.recallAtK(RANKED, rel, 1)).isZero();
    assertThat(RankingMetrics.recallAtK(RANKED, rel, 2)).isCloseTo(1 / 3.0, offset(1e-12));
    assertThat(RankingMetrics.recallAtK(RANKED, rel, 100)).isCloseTo(2 / 3.0, offset(1e-12));
  }

  @Test
  void hitIsOneWhenAnyRelevantDocumentIsInTheTopK() {
    Map<String, Integer> rel = Map.of("d3", 1);

    assertThat(RankingMetrics.hitAtK(RANKED, rel, 2)).isZero();
    assertThat(RankingMetrics.hitAtK(RANKED, rel, 3)).isEqualTo(1);
  }

  @Test
  void reciprocalRankUsesTheFirstRelevantDocumentWithinK() {
    Map<String, Integer> rel = Map.of("d3", 1, "d4", 1);

    assertThat(RankingMetrics.reciprocalRankAtK(RANKED, rel, 10)).isCloseTo(1 / 3.0, offset(1e-12));
    assertThat(RankingMetrics.reciprocalRankAtK(RANKED, rel, 2)).isZero();
  }

  @Test
  void ndcgMatchesAHandComputedValue() {
    // Relevance d1=0, d2=2, d3=0, d4=1. DCG@4 = 2/log2(3) + 1/log2(5) = 1.261860 + 0.430677
    // = 1.692536. Ideal: 2/log2(2) + 1/log2(3) = 2 + 0.630930 = 2.630930. nDCG = 0.643322.
    Map<String, Integer> rel = Map.of("d2", 2, "d4", 1);

    assertThat(RankingMetrics.ndcgAtK(RANKED, rel, 4)).isCloseTo(0.643322, offset(1e-6));
    assertThat(RankingMetrics.ndcgAtK(List.of("d2", "d4"), rel, 10)).isCloseTo(1.0, offset(1e-12));
  }

  @Test
  void duplicatesCountOnceAtTheirFirstPosition() {
    // Passages of the same document: d1, d1, d2 ranks d2 second, not third.
    assertThat(RankingMetrics.reciprocalRankAtK(List.of("d1", "d1", "d2"), Map.of("d2", 1), 2))
        .isCloseTo(0.5, offset(1e-12));
  }

  @Test
  void nothingRelevantScoresZeroEverywhere() {
    Map<String, Integer> none = Map.of("d1", 0);

    assertThat(RankingMetrics.recallAtK(RANKED, none, 5)).isZero();
    assertThat(RankingMetrics.ndcgAtK(RANKED, none, 5)).isZero();
    assertThat(RankingMetrics.hitAtK(List.of(), Map.of("d1", 1), 5)).isZero();
  }

  @Test
  void theAccumulatorAveragesPerMetric() {
    MeanAccumulator acc = new MeanAccumulator();
    acc.add("mrr", 1);
    acc.add("mrr", 0.5);
    acc.add("recall", 0);

    assertThat(acc.mean("mrr")).isEqualTo(0.75);
    assertThat(acc.count("mrr")).isEqualTo(2);
    assertThat(acc.means()).containsKeys("mrr", "recall");
    assertThat(acc.mean("absent")).isNaN();
  }
}
