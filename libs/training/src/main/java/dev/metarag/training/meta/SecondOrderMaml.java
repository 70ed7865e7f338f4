package dev.metarag.training.meta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exact MAML meta-gradient (MAML, ANIL, Meta-SGD) by reverse-mode through the inner loop.
 *
 * <p>With adjoint v_k = d L_q(theta_K) / d theta_k, an inner step theta_{k+1} = theta_k - a ⊙ P
 * grad L_s(theta_k) gives v_k = v_{k+1} - H_s(theta_k) (a ⊙ P v_{k+1}), starting from v_K = grad
 * L_q(theta_K); the meta-gradient is v_0. The same step uses a, so with learned rates d L_q / d a
 * collects -P v_{k+1} ⊙ grad L_s(theta_k) over the steps. Each Hessian-vector product is a finite
 * difference at the recorded theta_k: no graph outlives a single gradient evaluation.
 */
final class SecondOrderMaml<B> implements TaskGradientRule<B> {
  private final ObjectiveGradients<B> gradients;
  private final InnerLoop<B> innerLoop;
  private final HessianVectorProduct<B> hessian;
  private final InnerLearningRates rates;
  private final ParameterRoles roles;
  private final int innerSteps;

  SecondOrderMaml(
      ObjectiveGradients<B> gradients,
      InnerLoop<B> innerLoop,
      HessianVectorProduct<B> hessian,
      InnerLearningRates rates,
      ParameterRoles roles,
      int innerSteps) {
    this.gradients = gradients;
    this.innerLoop = innerLoop;
    this.hessian = hessian;
    this.rates = rates;
    this.roles = roles;
    this.innerSteps = innerSteps;
  }

  @Override
  public TaskGradient compute(MetaTask<B> task, Map<String, NDArray> theta, NDManager scope) {
    InnerLoop.Adaptation adaptation = innerLoop.run(theta, task.support(), innerSteps, true, scope);
    ObjectiveGradients.LossAndGradient query =
        gradients.at(adaptation.adapted(), task.query(), roles.differentiated(), scope);
    release(adaptation.adapted(), innerSteps > 0);
    Map<String, NDArray> adjoint = new LinkedHashMap<>(query.gradient());
    Map<String, NDArray> rateGradient = new LinkedHashMap<>();
    for (int k = innerSteps - 1; k >= 0; k--) {
      Map<String, NDArray> scaled = new LinkedHashMap<>();
      for (String name : roles.adapted()) {
        scaled.put(name, rates.times(name, adjoint.get(name)));
      }
      if (rates.isLearned()) {
        accumulateRateGradient(adjoint, adaptation.supportGradients().get(k), rateGradient);
      }
      Map<String, NDArray> product =
          hessian.apply(adaptation.points().get(k), task.support(), scaled, scope);
      for (String name : roles.differentiated()) {
        NDArray previous = adjoint.get(name);
        adjoint.put(name, previous.sub(product.get(name)));
        previous.close();
      }
      product.values().forEach(NDArray::close);
      scaled.values().forEach(NDArray::close);
      // The backward pass is past step k: free its point (theta_0 is theta, not ours to close).
      adaptation.supportGradients().get(k).values().forEach(NDArray::close);
      release(adaptation.points().get(k), k > 0);
    }
    Map<String, NDArray> gradient = new LinkedHashMap<>();
    for (String name : roles.trained()) {
      gradient.put(name, adjoint.get(name));
    }
    rateGradient.forEach((name, g) -> gradient.put(InnerLearningRates.key(name), g));
    return new TaskGradient(gradient, adaptation.supportLoss(), query.loss());
  }

  /** Closes the adapted entries of an inner-loop point that the inner loop created. */
  private void release(Map<String, NDArray> point, boolean createdByInnerLoop) {
    if (createdByInnerLoop) {
      roles.adapted().forEach(name -> point.get(name).close());
    }
  }

  /** Adds -v_{k+1} ⊙ grad L_s(theta_k), step k's share of d L_q / d a. */
  private void accumulateRateGradient(
      Map<String, NDArray> adjoint,
      Map<String, NDArray> supportGradient,
      Map<String, NDArray> rateGradient) {
    for (String name : roles.adapted()) {
      NDArray share = adjoint.get(name).mul(supportGradient.get(name)).neg();
      NDArray sum = rateGradient.get(name);
      if (sum == null) {
        rateGradient.put(name, share);
      } else {
        rateGradient.put(name, sum.add(share));
        sum.close();
        share.close();
      }
    }
  }
}
