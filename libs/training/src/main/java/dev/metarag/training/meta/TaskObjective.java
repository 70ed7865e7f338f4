package dev.metarag.training.meta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
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
}
