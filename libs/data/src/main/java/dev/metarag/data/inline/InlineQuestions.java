package dev.metarag.data.inline;

import dev.metarag.data.Quoted;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of inline examples ({@code metarag.v1.InlineExamples} and {@code QaExample}): 1 to
 * {@value #MAX_EXAMPLES} per set, unique ids when set, a question and 1 to {@value #MAX_ANSWERS}
 * non-empty answers, each within its length, and at most {@value #MAX_FILTERS} retrieval filters
 * ({@link #checkFilters}). The adapter and the meta-trainer both check by them.
 */
public final class InlineQuestions {
  /** The most examples one inline set may hold. */
  public static final int MAX_EXAMPLES = 1024;

  private static final int MAX_ID = 256;
  private static final int MAX_QUESTION = 4096;
  private static final int MAX_ANSWERS = 16;
  private static final int MAX_ANSWER = 1024;

  /** The most filters one example's scope may have: the retriever's and the generator's limit. */
  public static final int MAX_FILTERS = 16;

  /** The most values one filter may list: the retriever's limit. */
  public static final int MAX_FILTER_VALUES = 256;

  /** A metadata key as the retriever stores one. */
  private static final Pattern METADATA_KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

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
      checkFilters(at + ".filters", e.filters());
    }
  }

  /**
   * Checks an example's retrieval scope by the retriever's rules for RetrieveRequest.filters, so
   * that a scope the retriever would refuse is refused before any work: at most {@value
   * #MAX_FILTERS} filters, each with a metadata key (1 to 64 characters of A-Z, a-z, 0-9, '_', '.'
   * and '-') used by no other filter of the list, and 1 to {@value #MAX_FILTER_VALUES} values.
   *
   * @param field the list's field in the request, for messages
   *     ("support.inline.examples[3].filters")
   * @throws InvalidInlineQuestionsException naming the first bad field, for example {@code
   *     support.inline.examples[3].filters[0].key}
   */
  public static void checkFilters(String field, List<InlineFilter> filters) {
    if (filters.size() > MAX_FILTERS) {
      throw new InvalidInlineQuestionsException(
          field, "at most " + MAX_FILTERS + " filters, got " + filters.size());
    }
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < filters.size(); i++) {
      InlineFilter f = filters.get(i);
      String at = field + "[" + i + "]";
      if (f.key().isEmpty()) {
        throw new InvalidInlineQuestionsException(
            at + ".key", "required: the metadata key to match");
      }
      if (!METADATA_KEY.matcher(f.key()).matches()) {
        throw new InvalidInlineQuestionsException(
            at + ".key",
            Quoted.of(f.key())
                + " is no metadata key: use 1 to 64 characters of A-Z, a-z, 0-9, '_', '.' and '-'");
      }
      if (!keys.add(f.key())) {
        throw new InvalidInlineQuestionsException(
            at + ".key",
            Quoted.of(f.key()) + " is used by an earlier filter: put all its values in one any_of");
      }
      if (f.anyOf().isEmpty()) {
        throw new InvalidInlineQuestionsException(
            at + ".any_of", "give at least one value to match");
      }
      if (f.anyOf().size() > MAX_FILTER_VALUES) {
        throw new InvalidInlineQuestionsException(
            at + ".any_of", "at most " + MAX_FILTER_VALUES + " values, got " + f.anyOf().size());
      }
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
