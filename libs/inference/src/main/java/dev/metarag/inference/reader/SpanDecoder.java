package dev.metarag.inference.reader;

import java.util.List;

/**
 * Picks the best answer span across passages, as the model was trained to score them:
 *
 * <p>confidence(z, s, e) = p(z|q) p_start(s|z) p_end(e|z), where p(z|q) is the softmax over
 * passages of (relevance logit + retrieval score / temperature), and the start and end
 * distributions are softmaxes over z's passage tokens. Spans run forward and are at most {@code
 * maxAnswerTokens} long.
 */
public final class SpanDecoder {
  private final int maxAnswerTokens;
  private final float temperature;

  public SpanDecoder(int maxAnswerTokens, float temperature) {
    if (maxAnswerTokens < 1) {
      throw new IllegalArgumentException(
          "maxAnswerTokens must be at least 1, was " + maxAnswerTokens);
    }
    this.maxAnswerTokens = maxAnswerTokens;
    this.temperature = temperature;
  }

  /**
   * @param passages the reader's logits, one entry per passage
   * @param retrievalScores each passage's cosine similarity to the query, same order
   * @return the best span, or null when no passage has a token
   */
  public SpanChoice decode(List<PassageLogits> passages, float[] retrievalScores) {
    double[] logPrior = new double[passages.size()];
    for (int z = 0; z < logPrior.length; z++) {
      logPrior[z] = passages.get(z).relevance() + retrievalScores[z] / temperature;
    }
    normalizeLog(logPrior);
    SpanChoice best = null;
    for (int z = 0; z < passages.size(); z++) {
      PassageLogits p = passages.get(z);
      int n = p.passageTokenCount();
      if (n == 0) {
        continue;
      }
      double[] logStart = logSoftmax(p.start(), p.firstPassagePosition(), n);
      double[] logEnd = logSoftmax(p.end(), p.firstPassagePosition(), n);
      for (int s = 0; s < n; s++) {
        for (int e = s; e < Math.min(n, s + maxAnswerTokens); e++) {
          double score = logPrior[z] + logStart[s] + logEnd[e];
          if (best == null || score > Math.log(best.confidence())) {
            best = new SpanChoice(z, s, e, Math.exp(score));
          }
        }
      }
    }
    return best;
  }

  private static double[] logSoftmax(float[] logits, int from, int count) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < count; i++) {
      max = Math.max(max, logits[from + i]);
    }
    double sum = 0;
    for (int i = 0; i < count; i++) {
      sum += Math.exp(logits[from + i] - max);
    }
    double logZ = max + Math.log(sum);
    double[] out = new double[count];
    for (int i = 0; i < count; i++) {
      out[i] = logits[from + i] - logZ;
    }
    return out;
  }

  private static void normalizeLog(double[] x) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : x) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (double v : x) {
      sum += Math.exp(v - max);
    }
    double logZ = max + Math.log(sum);
    for (int i = 0; i < x.length; i++) {
      x[i] -= logZ;
    }
  }
}
