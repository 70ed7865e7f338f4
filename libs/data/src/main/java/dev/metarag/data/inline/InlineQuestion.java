package dev.metarag.data.inline;

import java.util.List;

/**
 * A labelled question as a caller sent it (a {@code metarag.v1.QaExample}), before it is checked.
 *
 * @param id the caller's id; empty when none was given
 * @param answers acceptable answer texts
 * @param goldDocumentId the document holding the answer; empty when not given
 * @param filters the question's retrieval scope ({@code QaExample.filters}); empty for the whole
 *     collection
 */
public record InlineQuestion(
    String id,
    String question,
    List<String> answers,
    String goldDocumentId,
    List<InlineFilter> filters) {
  public InlineQuestion {
    answers = List.copyOf(answers);
    filters = List.copyOf(filters);
  }

  /** A question without a retrieval scope. */
  public InlineQuestion(String id, String question, List<String> answers, String goldDocumentId) {
    this(id, question, answers, goldDocumentId, List.of());
  }
}
