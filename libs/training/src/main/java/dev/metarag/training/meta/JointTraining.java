package dev.metarag.training.meta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Joint training, the baseline without adaptation: the gradient of (L_s + L_q) / 2 at theta, as if
 * support and query were one batch of the task's domain.
 */
final class JointTraining<B> implements TaskGradientRule<B> {
  private final ObjectiveGradients<B> gradients;
  private final ParameterRoles roles;

  JointTraining(ObjectiveGradients<B> gradients, ParameterRoles roles) {
    this.gradients = gradients;
    this.roles = roles;
  }

  @Override
  public TaskGradient compute(MetaTask<B> task, Map<String, NDArray> theta, NDManager scope) {
    ObjectiveGradients.LossAndGradient support =
        gradients.at(theta, task.support(), roles.trained(), scope);
    ObjectiveGradients.LossAndGradient query =
        gradients.at(theta, task.query(), roles.trained(), scope);
    Map<String, NDArray> mean = new LinkedHashMap<>();
    for (String name : roles.trained()) {
      NDArray s = support.gradient().get(name);
      NDArray q = query.gradient().get(name);
      mean.put(name, s.add(q).div(2f));
      s.close();
      q.close();
    }
    return new TaskGradient(mean, support.loss(), query.loss());
  }
}
