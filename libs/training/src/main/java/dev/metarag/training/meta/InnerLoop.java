package dev.metarag.training.meta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Task adaptation: theta_0 = theta, theta_{k+1} = theta_k - rate ⊙ grad L_support(theta_k) on the
 * adapted parameters only, for K steps. Each step is a plain first-order gradient on a detached
 * copy (no graph across steps); second-order algorithms get the chain rule from the recorded
 * trajectory instead.
 */
final class InnerLoop<B> {
  private final ObjectiveGradients<B> gradients;
  private final List<String> adapted;
  private final InnerLearningRates rates;

  InnerLoop(ObjectiveGradients<B> gradients, List<String> adapted, InnerLearningRates rates) {
    this.gradients = gradients;
    this.adapted = adapted;
    this.rates = rates;
  }

  /**
   * The result of adapting to a support batch.
   *
   * @param supportLoss the support loss at theta_0, before adaptation
   * @param points theta_0 .. theta_{K-1} (kept only when asked for; empty otherwise)
   * @param supportGradients grad L_support(theta_k) on the adapted parameters, for the same k
   * @param adapted theta_K: new arrays for the adapted parameters, theta's own arrays for the rest
   */
  record Adaptation(
      float supportLoss,
      List<Map<String, NDArray>> points,
      List<Map<String, NDArray>> supportGradients,
      Map<String, NDArray> adapted) {}

  /**
   * Runs {@code steps} inner steps from {@code theta}. New arrays are owned by {@code scope}; with
   * {@code keepTrajectory} false, intermediate points are closed as soon as they are passed.
   */
  Adaptation run(
      Map<String, NDArray> theta, B support, int steps, boolean keepTrajectory, NDManager scope) {
    return run(theta, support, steps, keepTrajectory, scope, AdaptationListener.NONE);
  }

  /** {@link #run}, telling {@code listener} the support loss before each step. */
  Adaptation run(
      Map<String, NDArray> theta,
      B support,
      int steps,
      boolean keepTrajectory,
      NDManager scope,
      AdaptationListener listener) {
    List<Map<String, NDArray>> points = new ArrayList<>();
    List<Map<String, NDArray>> supportGradients = new ArrayList<>();
    Map<String, NDArray> current = theta;
    float supportLoss = steps == 0 ? gradients.lossAt(theta, support, scope) : Float.NaN;
    for (int k = 0; k < steps; k++) {
      ObjectiveGradients.LossAndGradient g = gradients.at(current, support, adapted, scope);
      if (k == 0) {
        supportLoss = g.loss();
      }
      listener.stepTaken(k + 1, g.loss());
      Map<String, NDArray> next = new LinkedHashMap<>(current);
      for (String name : adapted) {
        NDArray step = rates.times(name, g.gradient().get(name));
        NDArray from = Aliases.of(current.get(name), scope);
        next.put(name, from.sub(step));
        from.close();
        step.close();
      }
      if (keepTrajectory) {
        points.add(current);
        supportGradients.add(g.gradient());
      } else {
        g.gradient().values().forEach(NDArray::close);
        if (current != theta) {
          for (String name : adapted) {
            current.get(name).close();
          }
        }
      }
      current = next;
    }
    return new Adaptation(supportLoss, points, supportGradients, current);
  }
}
