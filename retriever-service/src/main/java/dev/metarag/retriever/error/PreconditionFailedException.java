package dev.metarag.retriever.error;

/** The request is well formed but the system is not in a state to do it (FAILED_PRECONDITION). */
public class PreconditionFailedException extends RuntimeException {
  public PreconditionFailedException(String message) {
    super(message);
  }
}
