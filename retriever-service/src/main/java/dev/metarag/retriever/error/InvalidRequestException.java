package dev.metarag.retriever.error;

/** A request field is missing, malformed or out of range (gRPC INVALID_ARGUMENT). */
public class InvalidRequestException extends IllegalArgumentException {
  public InvalidRequestException(String message) {
    super(message);
  }
}
