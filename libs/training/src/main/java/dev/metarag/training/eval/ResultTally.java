package dev.metarag.training.eval;

/** Sums example scores into an {@link EvaluationResult}. */
final class ResultTally {
  private double exactMatch;
  private double f1;
  private double servedExactMatch;
  private double servedF1;
  private int recallAt1;
  private int recallAt5;
  private int recallAt20;
  private double reciprocalRanks;
  private double loss;
  private int lossExamples;
  private int examples;
  private int abstained;

  void add(ExampleScore s) {
    examples++;
    exactMatch += s.exactMatch();
    f1 += s.f1();
    servedExactMatch += s.servedExactMatch();
    servedF1 += s.servedF1();
    recallAt1 += s.relevantWithin(1) ? 1 : 0;
    recallAt5 += s.relevantWithin(5) ? 1 : 0;
    recallAt20 += s.relevantWithin(20) ? 1 : 0;
    reciprocalRanks += s.reciprocalRankWithin(10);
    abstained += s.abstained() ? 1 : 0;
    if (s.hasLoss()) {
      loss += s.loss();
      lossExamples++;
    }
  }

  EvaluationResult result() {
    if (examples == 0) {
      return EvaluationResult.EMPTY;
    }
    double n = examples;
    return new EvaluationResult(
        exactMatch / n,
        f1 / n,
        recallAt1 / n,
        recallAt5 / n,
        recallAt20 / n,
        reciprocalRanks / n,
        lossExamples == 0 ? 0 : loss / lossExamples,
        examples,
        abstained,
        lossExamples,
        servedExactMatch / n,
        servedF1 / n);
  }
}
