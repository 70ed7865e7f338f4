package dev.metarag.training.meta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * First-order evaluations of a task objective: the loss, and its gradient with respect to chosen
 * parameters, at any point of parameter space. Each evaluation builds its graph in its own scope
 * and frees it right after backward; only the loss value and the gradients leave it.
 */
final class ObjectiveGradients<B> {
  private final TaskObjective<B> objective;

  ObjectiveGradients(TaskObjective<B> objective) {
    this.objective = objective;
  }

  /**
   * A loss and its gradient.
   *
   * @param gradient one array per requested parameter, owned by the caller's manager
   */
  record LossAndGradient(float loss, Map<String, NDArray> gradient) {}

  /** The loss of {@code batch} at {@code point} and its gradient with respect to {@code wrt}. */
  LossAndGradient at(Map<String, NDArray> point, B batch, Collection<String> wrt, NDManager owner) {
    try (NDManager evaluation = owner.newSubManager()) {
      Map<String, NDArray> leaves = Aliases.ofAll(point, evaluation);
      for (String name : wrt) {
        leaves.get(name).setRequiresGradient(true);
      }
      float loss;
      try (GradientCollector collector = evaluation.getEngine().newGradientCollector()) {
        NDArray value = objective.loss(leaves, batch, evaluation);
        collector.backward(value);
        loss = value.getFloat();
      }
      Map<String, NDArray> gradient = new LinkedHashMap<>();
      for (String name : wrt) {
        // The gradient is a tensor of its own (not a view of the leaf): it survives the scope.
        NDArray g = leaves.get(name).getGradient();
        g.attach(owner);
        gradient.put(name, g);
      }
      return new LossAndGradient(loss, gradient);
    }
  }

  /** The loss of {@code batch} at {@code point}, without building a graph. */
  float lossAt(Map<String, NDArray> point, B batch, NDManager scope) {
    try (NDManager evaluation = scope.newSubManager()) {
      // Aliases carry no requires-grad flag, so no graph is recorded whatever the grad mode.
      return objective.loss(Aliases.ofAll(point, evaluation), batch, evaluation).getFloat();
    }
  }
}
