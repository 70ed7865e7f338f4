package dev.metarag.trainer.tasks;

import dev.metarag.proto.v1.MetadataFilter;
import java.util.List;

/**
 * A question with its acceptable answers, as read from a domain's data set.
 *
 * @param question the question
 * @param answers acceptable answer texts (at least one)
 * @param goldDocumentId the id of the document (the collection's, as ingested from the same data
 *     set) that holds the answer; "" when the data set does not say
 * @param filters the question's retrieval scope (an inline example's {@code QaExample.filters},
 *     checked): its candidates are retrieved only among the documents whose metadata match them
 *     all; empty for the whole collection
 */
public record LabelledQuestion(
    String question, List<String> answers, String goldDocumentId, List<MetadataFilter> filters) {

  public LabelledQuestion {
    answers = List.copyOf(answers);
    filters = List.copyOf(filters);
  }

  /** A question retrieved for in the whole collection (a data set's). */
  public LabelledQuestion(String question, List<String> answers, String goldDocumentId) {
    this(question, answers, goldDocumentId, List.of());
  }
}
