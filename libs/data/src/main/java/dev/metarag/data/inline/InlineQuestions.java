package dev.metarag.data.inline;

import dev.metarag.data.Quoted;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules of inline examples ({@code metarag.v1.InlineExamples} and {@code QaExample}): 1 to
 * {@value #MAX_EXAMPLES} per set, unique ids when set, a question and 1 to {@value #MAX_ANSWERS}
 * non-empty answers, each within its length, and at most {@value #MAX_FILTERS} retrieval filters
 * ({@link MetadataFilters}). The adapter and the meta-trainer both check by them.
 */
public final class InlineQuestions {
  /** The most examples one inline set may hold. */
  public static final int MAX_EXAMPLES = 1024;

  private static final int MAX_ID = 256;
  private static final int MAX_QUESTION = 4096;
  private static final int MAX_ANSWERS = 16;
  private static final int MAX_ANSWER = 1024;

  private InlineQuestions() {}

  /**
   * Checks a set of inline examples.
   *
   * @param field the set's field in the request, for messages ("support.inline")
   * @param maxExamples the most examples the field allows; at most {@value #MAX_EXAMPLES} count
   * @throws InvalidInlineQuestionsException naming the first bad field
   */
  public static void check(String field, List<InlineQuestion> examples, int maxExamples) {
    int limit = Math.min(maxExamples, MAX_EXAMPLES);
    if (examples.isEmpty()) {
      throw new InvalidInlineQuestionsException(
          field + ".examples", "give at least one labelled example");
    }
    if (examples.size() > limit) {
      throw new InvalidInlineQuestionsException(
          field + ".examples", examples.size() + " examples; at most " + limit + " are allowed");
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < examples.size(); i++) {
      InlineQuestion e = examples.get(i);
      String at = field + ".examples[" + i + "]";
      if (e.id().length() > MAX_ID) {
        throw new InvalidInlineQuestionsException(
            at + ".id", "longer than " + MAX_ID + " characters");
      }
      if (!e.id().isEmpty() && !ids.add(e.id())) {
        throw new InvalidInlineQuestionsException(
            at + ".id", Quoted.of(e.id()) + " is used by an earlier example");
      }
      if (e.question().isBlank()) {
        throw new InvalidInlineQuestionsException(at + ".question", "required");
      }
      if (e.question().length() > MAX_QUESTION) {
        throw new InvalidInlineQuestionsException(
            at + ".question", "longer than " + MAX_QUESTION + " characters");
      }
      answers(at + ".answers", e.answers());
      MetadataFilters.validate(e.filters(), at + ".filters");
    }
  }

  private static void answers(String field, List<String> answers) {
    if (answers.isEmpty() || answers.size() > MAX_ANSWERS) {
      throw new InvalidInlineQuestionsException(
          field, "give 1 to " + MAX_ANSWERS + " answer texts, got " + answers.size());
    }
    for (int a = 0; a < answers.size(); a++) {
      String answer = answers.get(a);
      if (answer.isBlank()) {
        throw new InvalidInlineQuestionsException(field + "[" + a + "]", "empty answer text");
      }
      if (answer.length() > MAX_ANSWER) {
        throw new InvalidInlineQuestionsException(
            field + "[" + a + "]", "longer than " + MAX_ANSWER + " characters");
      }
    }
  }
}
