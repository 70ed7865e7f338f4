package dev.metarag.trainer.spec;

/** A job spec field out of its documented range; the message names the field and what to send. */
public final class InvalidSpecException extends RuntimeException {
  private final String field;

  public InvalidSpecException(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
  }

  /** The field's path in the request, for example {@code spec.domains[1].name}. */
  public String field() {
    return field;
  }
}
