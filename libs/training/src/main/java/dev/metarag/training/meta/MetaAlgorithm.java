package dev.metarag.training.meta;

/**
 * The meta-learning algorithms, by the meta-gradient each one computes for a task. Notation: theta
 * the current parameters; L_s and L_q the support and query losses; alpha the inner learning rate;
 * P the projection onto the inner-trainable parameters; the inner loop is theta_0 = theta,
 * theta_{k+1} = theta_k - alpha P grad L_s(theta_k), for k &lt; K = innerSteps. Meta-gradients are
 * averaged over the tasks of a meta-batch and reported only for the (outer) trainable parameters.
 */
public enum MetaAlgorithm {
  /**
   * Second-order MAML: d L_q(theta_K) / d theta = prod_{k=0..K-1} (I - alpha H_s(theta_k) P) grad
   * L_q(theta_K), with H_s the support Hessian. Evaluated backwards (adjoint v_K = grad
   * L_q(theta_K), v_k = v_{k+1} - H_s(theta_k) alpha P v_{k+1}) with finite-difference
   * Hessian-vector products. Parameters outside the inner set are not moved by the inner loop, but
   * still receive the cross terms H[other, inner] of that product: the exact derivative.
   */
  MAML,
  /** First-order MAML: grad L_q(theta_K), dropping the Hessian terms of {@link #MAML}. */
  FOMAML,
  /**
   * Reptile: theta - theta_K, with the inner loop on the support batch only (the query batch is
   * used for the reported loss alone). With plain SGD the outer step would be theta + beta (theta_K
   * - theta); here Adam applies it like any gradient.
   */
  REPTILE,
  /**
   * ANIL (almost no inner loop): {@link #MAML} with an inner loop restricted to a few parameters
   * (the heads or top layers, via {@code innerTrainable}) while the outer loop trains more. The
   * computation is MAML's; the difference is the configuration.
   */
  ANIL,
  /**
   * Meta-SGD: the inner step is theta_k - a ⊙ P grad L_s(theta_k), with a learned per-coordinate
   * learning rate a (one array per inner-trainable parameter, initialised to {@code
   * innerLearningRate}). The meta-gradient for theta is MAML's with diag(a) in place of alpha; for
   * a it is sum_k -v_{k+1} ⊙ grad L_s(theta_k) with the adjoints v of MAML's backward pass, exact
   * for any K up to the finite differences (for K = 1: -grad L_q(theta_1) ⊙ grad L_s(theta)). Adam
   * updates the rates along with the parameters.
   */
  META_SGD,
  /**
   * Joint multi-domain training, the baseline: grad (L_s(theta) + L_q(theta)) / 2, no adaptation.
   */
  JOINT
}
