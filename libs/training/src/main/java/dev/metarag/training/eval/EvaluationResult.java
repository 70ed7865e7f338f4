package dev.metarag.training.eval;

import java.util.List;

/**
 * A model's figures on a set of examples, each a mean over the examples unless said otherwise.
 *
 * @param exactMatch SQuAD exact match of the answers, every answer scored whatever its confidence
 * @param f1 SQuAD word F1 of the answers, likewise
 * @param recallAt1 share of examples with a relevant passage ranked first
 * @param recallAt5 ... among the first 5
 * @param recallAt20 ... among the first 20
 * @param mrrAt10 mean reciprocal rank of the first relevant passage, 0 beyond rank 10
 * @param loss mean RAG loss over the {@code lossExamples} examples with an answer in the passages
 *     read; 0 when there is none
 * @param examples examples scored
 * @param abstained examples whose answer serving withholds: its confidence (0 when none was found)
 *     is below the serving threshold
 * @param lossExamples examples the loss is the mean over
 * @param servedExactMatch exact match as served: the {@code abstained} examples score 0
 * @param servedF1 F1 as served, likewise
 */
public record EvaluationResult(
    double exactMatch,
    double f1,
    double recallAt1,
    double recallAt5,
    double recallAt20,
    double mrrAt10,
    double loss,
    int examples,
    int abstained,
    int lossExamples,
    double servedExactMatch,
    double servedF1) {

  /** The figures of no example. */
  public static final EvaluationResult EMPTY =
      new EvaluationResult(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  /** The figures of these examples' scores. */
  public static EvaluationResult of(List<ExampleScore> scores) {
    ResultTally tally = new ResultTally();
    scores.forEach(tally::add);
    return tally.result();
  }

  /**
   * The figures of several sets together, as if scored as one: each mean weighted by its example
   * count (the loss by its loss-example count), the counts summed.
   */
  public static EvaluationResult mean(List<EvaluationResult> results) {
    int n = results.stream().mapToInt(EvaluationResult::examples).sum();
    int lossN = results.stream().mapToInt(EvaluationResult::lossExamples).sum();
    if (n == 0) {
      return EMPTY;
    }
    double em = 0, f1 = 0, r1 = 0, r5 = 0, r20 = 0, mrr = 0, loss = 0, servedEm = 0, servedF1 = 0;
    int abstained = 0;
    for (EvaluationResult r : results) {
      em += r.exactMatch * r.examples;
      f1 += r.f1 * r.examples;
      servedEm += r.servedExactMatch * r.examples;
      servedF1 += r.servedF1 * r.examples;
      r1 += r.recallAt1 * r.examples;
      r5 += r.recallAt5 * r.examples;
      r20 += r.recallAt20 * r.examples;
      mrr += r.mrrAt10 * r.examples;
      loss += r.loss * r.lossExamples;
      abstained += r.abstained;
    }
    return new EvaluationResult(
        em / n,
        f1 / n,
        r1 / n,
        r5 / n,
        r20 / n,
        mrr / n,
        lossN == 0 ? 0 : loss / lossN,
        n,
        abstained,
        lossN,
        servedEm / n,
        servedF1 / n);
  }
}
