package dev.metarag.training.meta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;

/**
 * The loss of one batch of a task under given parameters: what meta-learning optimises, for any
 * model.
 *
 * <p>Contract: the learner calls this inside its own {@code GradientCollector} (do not open one);
 * build every array in {@code scope}, which the learner closes after backward; do not close or keep
 * the parameter arrays (they are temporary aliases); always return a loss, never null (leave out
 * batches without a usable example before they reach the learner); inside the graph, never pass a
 * Java number to mul, div or pow of an array that carries gradient (see {@link
 * dev.metarag.training.bert.Scalars}).
 *
 * @param <B> the batch type
 */
@FunctionalInterface
public interface TaskObjective<B> {
  /** A scalar loss of {@code batch} under {@code params}; builds its graph in {@code scope}. */
  NDArray loss(Map<String, NDArray> params, B batch, NDManager scope);

  /**
   * The parts a batch's loss and gradient are computed in, one graph at a time, to bound memory:
   * the batch's loss is taken as the weighted sum of the parts' losses. The default is the batch
   * whole.
   */
  default List<Part<B>> parts(B batch) {
    return List.of(new Part<>(batch, 1f));
  }

  /**
   * A part of a batch and its weight in the batch's loss (the weights of a batch's parts sum to 1).
   */
  record Part<B>(B batch, float weight) {}
}
