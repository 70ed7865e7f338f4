package dev.metarag.adapter.adaptation;

import dev.metarag.proto.v1.EvaluationMetrics;
import java.util.Locale;

/**
 * IF_IMPROVED: F1 after must beat F1 before by more than the minimum gain; with equal F1, exact
 * match and then recall@5 break the tie.
 */
final class PromotionPolicy {
  private PromotionPolicy() {}

  static boolean improved(EvaluationMetrics before, EvaluationMetrics after, double minGain) {
    double gain = after.getF1() - before.getF1();
    if (gain != 0) {
      return gain > minGain;
    }
    if (minGain > 0) {
      return false;
    }
    if (after.getExactMatch() != before.getExactMatch()) {
      return after.getExactMatch() > before.getExactMatch();
    }
    return after.getRecallAt5() > before.getRecallAt5();
  }

  static String describe(EvaluationMetrics before, EvaluationMetrics after, double minGain) {
    return String.format(
        Locale.ROOT,
        "F1 %.3f -> %.3f (%+.3f), minimum gain %.3f",
        before.getF1(),
        after.getF1(),
        after.getF1() - before.getF1(),
        minGain);
  }
}
