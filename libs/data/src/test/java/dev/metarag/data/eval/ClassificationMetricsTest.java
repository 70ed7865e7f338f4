package dev.metarag.data.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {
  private static final Map<String, String> GOLD =
      Map.of("1", "yes", "2", "yes", "3", "no", "4", "maybe");

  @Test
  void accuracyIsTheShareOfRightDecisions() {
    // Right on 1 and 3; wrong on 2; 4 has no prediction and counts as wrong: 2/4.
    Map<String, String> predicted = Map.of("1", "yes", "2", "no", "3", "no");

    assertThat(ClassificationMetrics.accuracy(predicted, GOLD)).isEqualTo(0.5);
  }

  @Test
  void macroF1AveragesTheLabelsF1() {
    // yes: TP 1, predicted 1, actual 2 -> F1 = 2/3.
    // no: TP 1, predicted 2, actual 1 -> F1 = 2/3.
    // maybe: TP 0 -> F1 = 0 (never predicted; 4 has no prediction).
    // Macro-F1 = (2/3 + 2/3 + 0) / 3 = 0.444444.
    Map<String, String> predicted = Map.of("1", "yes", "2", "no", "3", "no");

    assertThat(ClassificationMetrics.macroF1(predicted, GOLD)).isCloseTo(4 / 9.0, offset(1e-12));
  }

  @Test
  void aPerfectPredictionScoresOne() {
    assertThat(ClassificationMetrics.accuracy(GOLD, GOLD)).isEqualTo(1.0);
    assertThat(ClassificationMetrics.macroF1(GOLD, GOLD)).isEqualTo(1.0);
  }

  @Test
  void noGoldScoresZero() {
    assertThat(ClassificationMetrics.accuracy(GOLD, Map.of())).isZero();
    assertThat(ClassificationMetrics.macroF1(GOLD, Map.of())).isZero();
  }
}
