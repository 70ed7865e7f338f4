package dev.metarag.training.eval;

/** The retrieval score of a passage for a question: query embedding . document embedding. */
final class Similarity {
  private Similarity() {}

  /** Over the common length, so a candidate stored without an embedding (empty) scores 0. */
  static float dot(float[] query, float[] document) {
    float dot = 0;
    for (int i = 0; i < Math.min(query.length, document.length); i++) {
      dot += query[i] * document[i];
    }
    return dot;
  }
}
