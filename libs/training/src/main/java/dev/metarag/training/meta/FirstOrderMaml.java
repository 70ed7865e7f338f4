package dev.metarag.training.meta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;

/** First-order MAML: the query gradient at the adapted parameters, Hessian terms dropped. */
final class FirstOrderMaml<B> implements TaskGradientRule<B> {
  private final ObjectiveGradients<B> gradients;
  private final InnerLoop<B> innerLoop;
  private final ParameterRoles roles;
  private final int innerSteps;

  FirstOrderMaml(
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
    ObjectiveGradients.LossAndGradient query =
        gradients.at(adaptation.adapted(), task.query(), roles.trained(), scope);
    return new TaskGradient(query.gradient(), adaptation.supportLoss(), query.loss());
  }
}
