package dev.metarag.training.eval;

import dev.metarag.data.eval.SquadMetrics;
import dev.metarag.data.eval.WholeWords;
import dev.metarag.training.rag.Candidate;
import java.util.List;

/**
 * Which passages answer an example: the gold document's passages when the example names one,
 * otherwise those containing an answer as whole words ({@link WholeWords}, the rule training's gold
 * spans follow) after SQuAD normalisation (so "Two days." holds "two days", and "180 grams" does
 * not hold "18").
 */
final class Relevance {
  private Relevance() {}

  static boolean relevant(EvaluationExample e, Candidate c) {
    if (e.hasGoldDocument()) {
      return e.goldDocumentId().equals(c.documentId());
    }
    String passage = SquadMetrics.normalize(c.text());
    for (String answer : e.answers()) {
      if (WholeWords.contains(passage, SquadMetrics.normalize(answer))) {
        return true;
      }
    }
    return false;
  }

  /** 1-based rank of the first relevant passage in {@code ranked}; 0 when there is none. */
  static int firstRelevantRank(EvaluationExample e, List<Candidate> ranked) {
    for (int i = 0; i < ranked.size(); i++) {
      if (relevant(e, ranked.get(i))) {
        return i + 1;
      }
    }
    return 0;
  }
}
