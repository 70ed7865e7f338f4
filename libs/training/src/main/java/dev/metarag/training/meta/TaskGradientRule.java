package dev.metarag.training.meta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;

/** How one task contributes to the meta-gradient: the part that differs between algorithms. */
interface TaskGradientRule<B> {
  /** The task's meta-gradient at {@code theta}; every new array is owned by {@code scope}. */
  TaskGradient compute(MetaTask<B> task, Map<String, NDArray> theta, NDManager scope);

  /**
   * One task's contribution.
   *
   * @param gradient by trained parameter name, plus learned inner rates under {@link
   *     InnerLearningRates#key}
   * @param supportLoss the support loss at theta
   * @param queryLoss the query loss at the adapted parameters (at theta for JOINT)
   */
  record TaskGradient(Map<String, NDArray> gradient, float supportLoss, float queryLoss) {}
}
