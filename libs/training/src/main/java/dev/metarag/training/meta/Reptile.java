package dev.metarag.training.meta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reptile: the displacement theta - theta_K of an inner loop on the support batch, used as a
 * gradient (so a step against it moves theta towards the adapted parameters). The query batch only
 * measures the reported loss.
 */
final class Reptile<B> implements TaskGradientRule<B> {
  private final ObjectiveGradients<B> gradients;
  private final InnerLoop<B> innerLoop;
  private final ParameterRoles roles;
  private final int innerSteps;

  Reptile(
      ObjectiveGradients<B> gradients,
      InnerLoop<B> innerLoop,
      ParameterRoles roles,
      int innerSteps) {
    this.gradients = gradients;
    this.innerLoop = innerLoop;
    this.roles = roles;
    this.innerSteps = innerSteps;
  }

  @Override
  public TaskGradient compute(MetaTask<B> task, Map<String, NDArray> theta, NDManager scope) {
    InnerLoop.Adaptation adaptation =
        innerLoop.run(theta, task.support(), innerSteps, false, scope);
    Map<String, NDArray> displacement = new LinkedHashMap<>();
    for (String name : roles.trained()) {
      NDArray from = Aliases.of(theta.get(name), scope);
      displacement.put(name, from.sub(adaptation.adapted().get(name)));
      from.close();
    }
    float queryLoss = gradients.lossAt(adaptation.adapted(), task.query(), scope);
    return new TaskGradient(displacement, adaptation.supportLoss(), queryLoss);
  }
}
