package dev.metarag.bench.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.metarag.bench.transfer.PairedBootstrap.Interval;
import dev.metarag.bench.transfer.PairedBootstrap.Verdict;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PairedBootstrapTest {
  private static final int SEEDS = 5;
  private static final int QUESTIONS = 150;

  @Test
  void aConsistentGainOnEveryQuestionIsBetter() {
    double[][] baseline = noisyScores(1);
    double[][] method = shifted(baseline, 0.05);

    Interval i = PairedBootstrap.difference(method, baseline, 2000, 7);

    assertThat(i.mean()).isCloseTo(0.05, within(1e-12));
    assertThat(i.low()).isPositive();
    assertThat(i.verdict()).isEqualTo(Verdict.BETTER);
  }

  @Test
  void aLossIsWorseAndTheIntervalHoldsTheMean() {
    double[][] baseline = noisyScores(2);
    // A fifth of every score lost: the differences vary from question to question.
    double[][] method = new double[SEEDS][];
    for (int s = 0; s < SEEDS; s++) {
      method[s] = baseline[s].clone();
      for (int q = 0; q < QUESTIONS; q++) {
        method[s][q] *= 0.8;
      }
    }

    Interval i = PairedBootstrap.difference(method, baseline, 2000, 7);

    assertThat(i.verdict()).isEqualTo(Verdict.WORSE);
    assertThat(i.low()).isLessThan(i.mean());
    assertThat(i.high()).isGreaterThan(i.mean());
  }

  @Test
  void twoMethodsDrawnAlikeShowNoDifference() {
    double[][] a = noisyScores(3);
    double[][] b = noisyScores(4);

    Interval i = PairedBootstrap.difference(a, b, 2000, 7);

    assertThat(i.verdict()).isEqualTo(Verdict.NO_DIFFERENCE_DETECTED);
    assertThat(i.verdict()).hasToString("no difference detected");
  }

  @Test
  void aGainOnASingleSeedIsNotEnoughWhenSeedsDisagree() {
    double[][] baseline = new double[SEEDS][QUESTIONS];
    double[][] method = new double[SEEDS][QUESTIONS];
    // One support draw helps a lot, the others hurt a little: the seed is a source of chance too.
    for (int q = 0; q < QUESTIONS; q++) {
      method[0][q] = 0.4;
      for (int s = 1; s < SEEDS; s++) {
        method[s][q] = -0.05;
      }
    }

    Interval i = PairedBootstrap.difference(method, baseline, 4000, 7);

    assertThat(i.mean()).isPositive();
    assertThat(i.verdict()).isEqualTo(Verdict.NO_DIFFERENCE_DETECTED);
  }

  @Test
  void theSameSeedGivesTheSameInterval() {
    double[][] a = noisyScores(5);
    double[][] b = noisyScores(6);

    assertThat(PairedBootstrap.difference(a, b, 500, 11))
        .isEqualTo(PairedBootstrap.difference(a, b, 500, 11));
  }

  @Test
  void scoresOfDifferentShapesAreRefused() {
    assertThatThrownBy(() -> PairedBootstrap.difference(new double[2][3], new double[2][4], 10, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("same questions");
    assertThatThrownBy(() -> PairedBootstrap.difference(new double[2][3], new double[3][3], 10, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("same seeds");
  }

  /** F1-like scores in [0, 1]: zeros, ones and values between, as reading scores are. */
  private static double[][] noisyScores(long seed) {
    Random random = new Random(seed);
    double[][] scores = new double[SEEDS][QUESTIONS];
    for (double[] row : scores) {
      for (int q = 0; q < QUESTIONS; q++) {
        double u = random.nextDouble();
        row[q] = u < 0.4 ? 0 : u > 0.8 ? 1 : random.nextDouble();
      }
    }
    return scores;
  }

  private static double[][] shifted(double[][] scores, double by) {
    double[][] out = new double[scores.length][];
    for (int s = 0; s < scores.length; s++) {
      out[s] = scores[s].clone();
      for (int q = 0; q < out[s].length; q++) {
        out[s][q] += by;
      }
    }
    return out;
  }
}
