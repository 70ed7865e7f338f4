package dev.metarag.inference.encoder;

/** Pooling of per-token hidden states into one sentence vector. */
public final class Pooling {
  private Pooling() {}

  /** Mean of the first {@code realTokens} rows, scaled to unit length. */
  public static float[] meanNormalized(float[][] hiddenStates, int realTokens) {
    int dim = hiddenStates[0].length;
    float[] sum = new float[dim];
    for (int t = 0; t < realTokens; t++) {
      float[] row = hiddenStates[t];
      for (int d = 0; d < dim; d++) {
        sum[d] += row[d];
      }
    }
    for (int d = 0; d < dim; d++) {
      sum[d] /= realTokens;
    }
    return normalize(sum);
  }

  /** Scales a vector to unit L2 length in place and returns it; a zero vector stays zero. */
  public static float[] normalize(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += (double) x * x;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) {
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (v[i] / norm);
      }
    }
    return v;
  }
}
