package dev.metarag.training.meta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.metarag.training.bert.Scalars;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Least squares, the test bed whose meta-gradients have closed forms: L(w) = |X w - y|^2 / (2 n),
 * grad L = X^T (X w - y) / n, H = X^T X / n, with w the concatenation of named parameter blocks (so
 * that a "body" and a "head" can be trained differently).
 */
final class LinearRegression implements TaskObjective<LinearRegression.Batch> {
  /** n examples: rows of x, targets y. */
  record Batch(float[][] x, float[] y) {
    int size() {
      return y.length;
    }

    int dimension() {
      return x[0].length;
    }
  }

  private final List<String> blocks;

  /** An objective over w = concat of the named parameters, in this order. */
  LinearRegression(List<String> blocks) {
    this.blocks = blocks;
  }

  @Override
  public NDArray loss(Map<String, NDArray> params, Batch batch, NDManager scope) {
    NDList parts = new NDList();
    blocks.forEach(name -> parts.add(params.get(name)));
    NDArray w = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts);
    NDArray residual = scope.create(batch.x()).matMul(w).sub(scope.create(batch.y()));
    return residual.square().sum().div(Scalars.constant(scope, 2f * batch.size()));
  }

  /** A batch whose targets follow {@code truth} plus Gaussian noise of the given size. */
  static Batch sample(Random random, int n, double[] truth, double noise) {
    float[][] x = new float[n][truth.length];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      double target = 0;
      for (int j = 0; j < truth.length; j++) {
        x[i][j] = (float) random.nextGaussian();
        target += x[i][j] * truth[j];
      }
      y[i] = (float) (target + noise * random.nextGaussian());
    }
    return new Batch(x, y);
  }

  /** A task of its own: support and query drawn around {@code truth}. */
  static MetaTask<Batch> task(String domain, Random random, double[] truth, int n) {
    return new MetaTask<>(domain, sample(random, n, truth, 0.1), sample(random, n, truth, 0.1));
  }

  static double[] gaussian(Random random, int d, double scale) {
    double[] v = new double[d];
    for (int i = 0; i < d; i++) {
      v[i] = scale * random.nextGaussian();
    }
    return v;
  }

  // Closed forms in double precision.

  static double loss(Batch b, double[] w) {
    double sum = 0;
    for (int i = 0; i < b.size(); i++) {
      double r = dot(b.x()[i], w) - b.y()[i];
      sum += r * r;
    }
    return sum / (2 * b.size());
  }

  static double[] gradient(Batch b, double[] w) {
    double[] g = new double[w.length];
    for (int i = 0; i < b.size(); i++) {
      double r = dot(b.x()[i], w) - b.y()[i];
      for (int j = 0; j < w.length; j++) {
        g[j] += b.x()[i][j] * r / b.size();
      }
    }
    return g;
  }

  static double[][] hessian(Batch b) {
    int d = b.dimension();
    double[][] h = new double[d][d];
    for (int i = 0; i < b.size(); i++) {
      for (int j = 0; j < d; j++) {
        for (int k = 0; k < d; k++) {
          h[j][k] += (double) b.x()[i][j] * b.x()[i][k] / b.size();
        }
      }
    }
    return h;
  }

  private static double dot(float[] x, double[] w) {
    double s = 0;
    for (int j = 0; j < w.length; j++) {
      s += x[j] * w[j];
    }
    return s;
  }
}
