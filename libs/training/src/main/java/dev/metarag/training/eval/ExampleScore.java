package dev.metarag.training.eval;

import dev.metarag.data.eval.SquadMetrics;
import java.util.List;

/**
 * One example's figures.
 *
 * @param index the example's 0-based position among those scored
 * @param firstRelevantRank 1-based rank of the first relevant passage; 0 when none was ranked
 * @param answer the answer the model gave, whatever its confidence; "" when it read no passage or
 *     kept no token
 * @param confidence the answer's confidence, p(passage) p(start) p(end) in [0, 1]; 0 without one
 * @param exactMatch SQuAD exact match of the answer (0 or 1)
 * @param f1 SQuAD word F1 of the answer
 * @param abstained whether serving withholds the answer: its confidence (0 when there is none) is
 *     below the serving threshold
 * @param servedExactMatch exact match as served: of "" when serving abstains (0 unless the question
 *     has no answer), else {@code exactMatch}
 * @param servedF1 F1 as served, likewise
 * @param loss the example's RAG loss; NaN when no answer occurs in the passages read
 */
public record ExampleScore(
    int index,
    int firstRelevantRank,
    String answer,
    double confidence,
    double exactMatch,
    double f1,
    boolean abstained,
    double servedExactMatch,
    double servedF1,
    double loss) {

  /**
   * The figures of an answer to a question with these acceptable answers, served unless {@code
   * abstained}.
   */
  static ExampleScore of(
      int index,
      int firstRelevantRank,
      String answer,
      double confidence,
      List<String> answers,
      boolean abstained,
      double loss) {
    double em = SquadMetrics.exactMatch(answer, answers);
    double f1 = SquadMetrics.f1(answer, answers);
    return new ExampleScore(
        index,
        firstRelevantRank,
        answer,
        confidence,
        em,
        f1,
        abstained,
        abstained ? SquadMetrics.exactMatch("", answers) : em,
        abstained ? SquadMetrics.f1("", answers) : f1,
        loss);
  }

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
