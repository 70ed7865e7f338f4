package dev.metarag.inference.reader;

import java.util.List;

/**
 * Picks the best answer span across passages by its {@link SpanScores} confidence. Spans run
 * forward and are at most {@code maxAnswerTokens} long.
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
    SpanScores scores = new SpanScores(passages, retrievalScores, temperature);
    SpanChoice best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int z = 0; z < passages.size(); z++) {
      int n = passages.get(z).passageTokenCount();
      for (int s = 0; s < n; s++) {
        for (int e = s; e < Math.min(n, s + maxAnswerTokens); e++) {
          double score = scores.logScore(z, s, e);
          if (best == null || score > bestScore) {
            best = new SpanChoice(z, s, e, Math.exp(score));
            bestScore = score;
          }
        }
      }
    }
    return best;
  }
}
