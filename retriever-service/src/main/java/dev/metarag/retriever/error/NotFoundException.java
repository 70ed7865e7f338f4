package dev.metarag.retriever.error;

/** Something the caller named does not exist (gRPC NOT_FOUND). */
public class NotFoundException extends RuntimeException {
  public NotFoundException(String message) {
    super(message);
  }
}
