package dev.metarag.adapter.examples;

import dev.metarag.proto.v1.MetadataFilter;
import java.util.List;

/**
 * A labelled question of a support or evaluation set.
 *
 * @param id the caller's id; empty when none was given
 * @param index 0-based position in its set
 * @param answers acceptable answer texts, at least one
 * @param goldDocumentId the document holding the answer; empty when not given
 * @param filters its retrieval scope (QaExample.filters): passages come only from documents whose
 *     metadata match all of them; empty for the whole collection
 */
public record LabelledExample(
    String id,
    int index,
    String question,
    List<String> answers,
    String goldDocumentId,
    List<MetadataFilter> filters) {

  public LabelledExample {
    answers = List.copyOf(answers);
    filters = List.copyOf(filters);
  }

  /** An example of the whole collection (a data set's, which carry no scope). */
  public LabelledExample(
      String id, int index, String question, List<String> answers, String goldDocumentId) {
    this(id, index, question, answers, goldDocumentId, List.of());
  }

  /** The same example without its gold document (relevance then follows the answer texts). */
  public LabelledExample withoutGoldDocument() {
    return new LabelledExample(id, index, question, answers, "", filters);
  }
}
