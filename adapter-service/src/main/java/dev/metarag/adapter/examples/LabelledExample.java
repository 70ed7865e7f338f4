package dev.metarag.adapter.examples;

import java.util.List;

/**
 * A labelled question of a support or evaluation set.
 *
 * @param id the caller's id; empty when none was given
 * @param index 0-based position in its set
 * @param answers acceptable answer texts, at least one
 * @param goldDocumentId the document holding the answer; empty when not given
 */
public record LabelledExample(
    String id, int index, String question, List<String> answers, String goldDocumentId) {

  /** The same example without its gold document (relevance then follows the answer texts). */
  public LabelledExample withoutGoldDocument() {
    return new LabelledExample(id, index, question, answers, "");
  }
}
