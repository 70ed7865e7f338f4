package dev.metarag.training.meta;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * How to meta-train.
 *
 * @param algorithm which meta-gradient to compute
 * @param innerLearningRate alpha of the inner loop (Meta-SGD: the initial value of every rate)
 * @param outerLearningRate Adam's learning rate for the outer step
 * @param innerSteps K, the number of inner gradient steps (ignored by JOINT)
 * @param trainable which parameters the outer loop updates
 * @param innerTrainable which parameters the inner loop adapts (ANIL: the heads or top layers)
 * @param finiteDifferenceEpsilon relative step of the finite-difference Hessian-vector products:
 *     the probes theta ± r v have |r v| = epsilon max(1, |theta_inner|), so the step is small
 *     relative to the parameters whatever their scale and whatever the norm of v
 */
public record MetaConfig(
    MetaAlgorithm algorithm,
    float innerLearningRate,
    float outerLearningRate,
    int innerSteps,
    Predicate<String> trainable,
    Predicate<String> innerTrainable,
    float finiteDifferenceEpsilon) {
  public static final float DEFAULT_FINITE_DIFFERENCE_EPSILON = 1e-3f;

  public MetaConfig {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(trainable, "trainable");
    Objects.requireNonNull(innerTrainable, "innerTrainable");
    if (!Float.isFinite(innerLearningRate) || !Float.isFinite(outerLearningRate)) {
      throw new IllegalArgumentException("learning rates must be finite");
    }
    if (innerSteps < 0) {
      throw new IllegalArgumentException("innerSteps must be >= 0, got " + innerSteps);
    }
    if (!(finiteDifferenceEpsilon > 0) || !Float.isFinite(finiteDifferenceEpsilon)) {
      throw new IllegalArgumentException(
          "finiteDifferenceEpsilon must be positive, got " + finiteDifferenceEpsilon);
    }
  }

  /** A configuration with the default finite-difference epsilon. */
  public static MetaConfig of(
      MetaAlgorithm algorithm,
      float innerLearningRate,
      float outerLearningRate,
      int innerSteps,
      Predicate<String> trainable,
      Predicate<String> innerTrainable) {
    return new MetaConfig(
        algorithm,
        innerLearningRate,
        outerLearningRate,
        innerSteps,
        trainable,
        innerTrainable,
        DEFAULT_FINITE_DIFFERENCE_EPSILON);
  }
}
