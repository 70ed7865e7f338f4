package dev.metarag.generator.answer;

import dev.metarag.proto.v1.RetrievalMode;
import dev.metarag.proto.v1.RetrievedPassage;
import java.util.List;

/**
 * The retrieval score the reader's passage prior expects: the cosine similarity of query and
 * passage, as in training. The dense channel gives it; a passage only BM25 found in HYBRID mode
 * gets the lowest cosine of the dense candidates (it ranked below all of them), and BM25 mode,
 * which has no cosine at all, gives every passage 0 so that the reader's relevance alone decides.
 */
final class RetrievalScores {
  private RetrievalScores() {}

  static float[] of(List<RetrievedPassage> passages, RetrievalMode mode) {
    float[] out = new float[passages.size()];
    if (mode == RetrievalMode.RETRIEVAL_MODE_BM25) {
      return out;
    }
    float lowest = Float.POSITIVE_INFINITY;
    for (RetrievedPassage p : passages) {
      if (p.getDense().getMatched()) {
        lowest = Math.min(lowest, p.getDense().getScore());
      }
    }
    for (int i = 0; i < out.length; i++) {
      RetrievedPassage p = passages.get(i);
      if (p.getDense().getMatched()) {
        out[i] = p.getDense().getScore();
      } else if (mode == RetrievalMode.RETRIEVAL_MODE_DENSE) {
        out[i] = p.getScore();
      } else {
        out[i] = Float.isInfinite(lowest) ? 0 : lowest;
      }
    }
    return out;
  }
}
