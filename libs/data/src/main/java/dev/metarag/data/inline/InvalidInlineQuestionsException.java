package dev.metarag.data.inline;

/** Inline questions break a rule; says which field and what to send instead, never more. */
public final class InvalidInlineQuestionsException extends RuntimeException {
  private final String field;
  private final String problem;

  public InvalidInlineQuestionsException(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
    this.problem = problem;
  }

  /** The request field, for example {@code support.inline.examples[3].answers}. */
  public String field() {
    return field;
  }

  /** What is wrong with it and what is allowed. */
  public String problem() {
    return problem;
  }
}
