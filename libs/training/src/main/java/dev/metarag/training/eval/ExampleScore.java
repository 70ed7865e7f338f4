package dev.metarag.training.eval;

/**
 * One example's figures.
 *
 * @param firstRelevantRank 1-based rank of the first relevant passage; 0 when none was ranked
 * @param loss the example's RAG loss; NaN when no answer occurs in the passages read
 */
record ExampleScore(
    int firstRelevantRank, double exactMatch, double f1, boolean abstained, double loss) {

  boolean relevantWithin(int k) {
    return firstRelevantRank >= 1 && firstRelevantRank <= k;
  }

  double reciprocalRankWithin(int k) {
    return relevantWithin(k) ? 1.0 / firstRelevantRank : 0;
  }

  boolean hasLoss() {
    return !Double.isNaN(loss);
  }
}
