package dev.metarag.data.qa;

import java.util.List;

/**
 * A question with its gold answers and the context they come from.
 *
 * @param answers empty for unanswerable questions
 * @param contextId the id of the {@link QaContext} holding the answer
 */
public record QaExample(String id, String question, List<Answer> answers, String contextId) {

  public boolean answerable() {
    return !answers.isEmpty();
  }
}
