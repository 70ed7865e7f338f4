package dev.metarag.data.qa;

import java.util.List;

/**
 * A question with its gold answers and the context they come from.
 *
 * @param answers every gold answer (several when several annotators answered); empty when the
 *     question cannot be answered from its context
 * @param contextId the id of the {@link QaContext} the question was asked about
 */
public record QaExample(String id, String question, List<Answer> answers, String contextId) {

  public QaExample {
    answers = List.copyOf(answers);
  }

  /**
   * Whether the context answers the question. Derived from the answers, so that the two can never
   * disagree: SubjQA's unanswerable questions are read with no answers.
   */
  public boolean answerable() {
    return !answers.isEmpty();
  }

  /** The answers' texts, the form the reading metrics take as gold. */
  public List<String> answerTexts() {
    return answers.stream().map(Answer::text).toList();
  }
}
