package dev.metarag.data.qa;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A question with its gold answers and the context they come from. The question's whitespace is
 * trimmed and every run of it is one space, whatever the file says: the question becomes a search
 * query and model input, where spacing means nothing, and SQuAD v1.1 train has a question padded
 * with 25,000 spaces that a query's length limit would otherwise cut down to spaces alone.
 *
 * @param answers every gold answer (several when several annotators answered); empty when the
 *     question cannot be answered from its context
 * @param contextId the id of the {@link QaContext} the question was asked about
 */
public record QaExample(String id, String question, List<Answer> answers, String contextId) {

  private static final Pattern WHITESPACE =
      Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

  public QaExample {
    question = WHITESPACE.matcher(question.strip()).replaceAll(" ");
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
