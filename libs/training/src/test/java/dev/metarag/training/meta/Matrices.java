package dev.metarag.training.meta;

import java.util.List;

/** Dense double-precision linear algebra for closed forms. */
final class Matrices {
  private Matrices() {}

  static double[][] identity(int d) {
    double[][] m = new double[d][d];
    for (int i = 0; i < d; i++) {
      m[i][i] = 1;
    }
    return m;
  }

  static double[][] diagonal(double[] v) {
    double[][] m = new double[v.length][v.length];
    for (int i = 0; i < v.length; i++) {
      m[i][i] = v[i];
    }
    return m;
  }

  static double[][] times(double[][] a, double[][] b) {
    double[][] c = new double[a.length][b[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int k = 0; k < b.length; k++) {
        for (int j = 0; j < b[0].length; j++) {
          c[i][j] += a[i][k] * b[k][j];
        }
      }
    }
    return c;
  }

  static double[] times(double[][] a, double[] v) {
    double[] r = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < v.length; j++) {
        r[i] += a[i][j] * v[j];
      }
    }
    return r;
  }

  static double[][] minus(double[][] a, double[][] b) {
    double[][] c = new double[a.length][a[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        c[i][j] = a[i][j] - b[i][j];
      }
    }
    return c;
  }

  static double[] plus(double[] a, double[] b) {
    double[] c = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i] + b[i];
    }
    return c;
  }

  static double[] minus(double[] a, double[] b) {
    return plus(a, scaled(-1, b));
  }

  static double[] scaled(double s, double[] v) {
    double[] r = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      r[i] = s * v[i];
    }
    return r;
  }

  /** Element-wise product. */
  static double[] hadamard(double[] a, double[] b) {
    double[] c = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i] * b[i];
    }
    return c;
  }

  static double[] mean(List<double[]> vectors) {
    double[] m = new double[vectors.get(0).length];
    for (double[] v : vectors) {
      m = plus(m, v);
    }
    return scaled(1.0 / vectors.size(), m);
  }
}
