package dev.metarag.training.eval;

import dev.metarag.training.rag.Candidate;
import dev.metarag.training.rag.RagExample;
import java.util.List;
import java.util.Objects;

/**
 * A labelled question to score a model on.
 *
 * @param answers acceptable answer texts; empty when the question has no answer
 * @param goldDocumentId the id of the document that answers the question, "" when unknown; when
 *     given, it alone decides which passages are relevant
 * @param candidates passages to rank with the query encoder, best first; may be empty when a {@link
 *     PassageRanking#search search} supplies the passages
 */
public record EvaluationExample(
    String question, List<String> answers, String goldDocumentId, List<Candidate> candidates) {

  public EvaluationExample {
    Objects.requireNonNull(question, "question");
    answers = List.copyOf(answers);
    Objects.requireNonNull(goldDocumentId, "goldDocumentId");
    candidates = List.copyOf(candidates);
  }

  /** A training example as an evaluation one: its candidates, no gold document. */
  public static EvaluationExample of(RagExample e) {
    return new EvaluationExample(e.question(), e.answers(), "", e.candidates());
  }

  boolean hasGoldDocument() {
    return !goldDocumentId.isEmpty();
  }
}
