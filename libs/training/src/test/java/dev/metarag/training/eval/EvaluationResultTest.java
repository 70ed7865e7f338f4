package dev.metarag.training.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationResultTest {

  @Test
  void theMeanWeightsEachSetByItsExamples() {
    EvaluationResult small = new EvaluationResult(1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 0.5);
    EvaluationResult large = new EvaluationResult(0, 0.5, 0, 1, 1, 0.5, 4, 3, 2, 3, 0, 0.25);

    EvaluationResult mean = EvaluationResult.mean(List.of(small, large));

    assertThat(mean.exactMatch()).isCloseTo(0.25, within(1e-12));
    assertThat(mean.f1()).isCloseTo(0.625, within(1e-12));
    assertThat(mean.recallAt1()).isCloseTo(0.25, within(1e-12));
    assertThat(mean.recallAt5()).isCloseTo(1, within(1e-12));
    assertThat(mean.mrrAt10()).isCloseTo(0.625, within(1e-12));
    assertThat(mean.loss()).isCloseTo((2 + 4 * 3) / 4.0, within(1e-12));
    assertThat(mean.examples()).isEqualTo(4);
    assertThat(mean.abstained()).isEqualTo(3);
    assertThat(mean.lossExamples()).isEqualTo(4);
    assertThat(mean.servedExactMatch()).isCloseTo(0.25, within(1e-12));
    assertThat(mean.servedF1()).isCloseTo((0.5 + 0.25 * 3) / 4, within(1e-12));
  }

  @Test
  void aSetWithoutLossLeavesTheMeanLossAlone() {
    EvaluationResult withLoss = new EvaluationResult(0, 0, 0, 0, 0, 0, 2, 1, 0, 1, 0, 0);
    EvaluationResult noLoss = new EvaluationResult(0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0);

    assertThat(EvaluationResult.mean(List.of(withLoss, noLoss)).loss()).isEqualTo(2);
  }

  @Test
  void theMeanOfNothingIsEmpty() {
    assertThat(EvaluationResult.mean(List.of())).isEqualTo(EvaluationResult.EMPTY);
  }
}
