package dev.metarag.inference.reader;

import java.util.List;

/**
 * The probability the model gives any answer span, as it was trained to score them: p(z|q)
 * p_start(s|z) p_end(e|z), where p(z|q) is the softmax over passages of (relevance logit +
 * retrieval score / temperature), and the start and end distributions are softmaxes over z's
 * passage tokens. {@link SpanDecoder} picks the best span by it; citations score other spans by it.
 */
public final class SpanScores {
  private final double[] logPrior;
  private final double[][] logStart;
  private final double[][] logEnd;

  /**
   * @param passages the reader's logits, one entry per passage
   * @param retrievalScores each passage's retrieval score (cosine similarity to the query), same
   *     order
   */
  public SpanScores(List<PassageLogits> passages, float[] retrievalScores, float temperature) {
    int k = passages.size();
    logPrior = new double[k];
    logStart = new double[k][];
    logEnd = new double[k][];
    for (int z = 0; z < k; z++) {
      PassageLogits p = passages.get(z);
      logPrior[z] = p.relevance() + retrievalScores[z] / temperature;
      logStart[z] = logSoftmax(p.start(), p.firstPassagePosition(), p.passageTokenCount());
      logEnd[z] = logSoftmax(p.end(), p.firstPassagePosition(), p.passageTokenCount());
    }
    double logZ = logSumExp(logPrior);
    for (int z = 0; z < k; z++) {
      logPrior[z] -= logZ;
    }
  }

  /** The span's log-probability; tokens are 0-based within the passage's tokens, end inclusive. */
  public double logScore(int passage, int startToken, int endToken) {
    return logPrior[passage] + logStart[passage][startToken] + logEnd[passage][endToken];
  }

  /** The span's probability, in [0, 1]. */
  public double confidence(int passage, int startToken, int endToken) {
    return Math.exp(logScore(passage, startToken, endToken));
  }

  /** Spans the decoder considers: each forward span of at most {@code maxAnswerTokens} tokens. */
  public static int spansScored(List<PassageLogits> passages, int maxAnswerTokens) {
    int spans = 0;
    for (PassageLogits p : passages) {
      int n = p.passageTokenCount();
      for (int s = 0; s < n; s++) {
        spans += Math.min(n - s, maxAnswerTokens);
      }
    }
    return spans;
  }

  private static double[] logSoftmax(float[] logits, int from, int count) {
    double[] out = new double[count];
    for (int i = 0; i < count; i++) {
      out[i] = logits[from + i];
    }
    double logZ = logSumExp(out);
    for (int i = 0; i < count; i++) {
      out[i] -= logZ;
    }
    return out;
  }

  private static double logSumExp(double[] x) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : x) {
      max = Math.max(max, v);
    }
    if (max == Double.NEGATIVE_INFINITY) {
      return max;
    }
    double sum = 0;
    for (double v : x) {
      sum += Math.exp(v - max);
    }
    return max + Math.log(sum);
  }
}
