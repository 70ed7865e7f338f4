package dev.metarag.training.meta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hessian-vector products of a task loss by central differences of first-order gradients: H(theta)
 * u ≈ (grad L(theta + r u) - grad L(theta - r u)) / (2 r).
 *
 * <p>Why finite differences: the exact product needs a backward pass with {@code create_graph},
 * which DJL cannot release (hundreds of megabytes leaked per meta-step). Two extra first-order
 * gradients cost about as much and keep no graph. The error is O(r^2) for smooth losses and zero
 * for quadratic ones.
 *
 * <p>The direction u lives on the adapted parameters (the only ones an inner step moves); the
 * product is returned on every differentiated parameter, cross terms included.
 */
final class HessianVectorProduct<B> {
  private final ObjectiveGradients<B> gradients;
  private final List<String> direction;
  private final List<String> output;
  private final float relativeEpsilon;

  /**
   * @param direction the parameters u has entries for
   * @param output the parameters the product is wanted for
   * @param relativeEpsilon the probe step |r u| as a fraction of max(1, |theta on direction|)
   */
  HessianVectorProduct(
      ObjectiveGradients<B> gradients,
      List<String> direction,
      List<String> output,
      float relativeEpsilon) {
    this.gradients = gradients;
    this.direction = direction;
    this.output = output;
    this.relativeEpsilon = relativeEpsilon;
  }

  /** H(point) u for the loss of {@code batch}, owned by {@code scope}. */
  Map<String, NDArray> apply(
      Map<String, NDArray> point, B batch, Map<String, NDArray> u, NDManager scope) {
    double uNorm = Math.sqrt(Aliases.squaredNorm(u, direction, scope));
    Map<String, NDArray> product = new LinkedHashMap<>();
    if (uNorm == 0) {
      for (String name : output) {
        product.put(name, scope.zeros(point.get(name).getShape(), point.get(name).getDataType()));
      }
      return product;
    }
    // Scale the probe to the parameters, not to u: a step far below float32 resolution of theta
    // would measure rounding noise, one far above it would measure curvature changes.
    double thetaNorm = Math.sqrt(Aliases.squaredNorm(point, direction, scope));
    float r = (float) (relativeEpsilon * Math.max(1, thetaNorm) / uNorm);
    try (NDManager probes = scope.newSubManager()) {
      Map<String, NDArray> plus = gradientAt(point, batch, u, r, probes);
      Map<String, NDArray> minus = gradientAt(point, batch, u, -r, probes);
      for (String name : output) {
        NDArray h = plus.get(name).sub(minus.get(name)).div(2 * r);
        h.attach(scope);
        product.put(name, h);
      }
    }
    return product;
  }

  /** grad L(point + r u), owned by {@code owner}; the shifted point is freed at once. */
  private Map<String, NDArray> gradientAt(
      Map<String, NDArray> point, B batch, Map<String, NDArray> u, float r, NDManager owner) {
    try (NDManager probe = owner.newSubManager()) {
      Map<String, NDArray> shifted = new LinkedHashMap<>(point);
      for (String name : direction) {
        NDArray step = Aliases.of(u.get(name), probe).mul(r);
        shifted.put(name, Aliases.of(point.get(name), probe).add(step));
      }
      return gradients.at(shifted, batch, output, owner).gradient();
    }
  }
}
