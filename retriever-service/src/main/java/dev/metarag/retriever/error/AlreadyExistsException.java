package dev.metarag.retriever.error;

/** The caller tried to create something that exists (gRPC ALREADY_EXISTS). */
public class AlreadyExistsException extends RuntimeException {
  public AlreadyExistsException(String message) {
    super(message);
  }
}
