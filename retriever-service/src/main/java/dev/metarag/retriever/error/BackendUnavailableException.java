package dev.metarag.retriever.error;

/**
 * The engine holding a collection cannot be reached now, e.g. its SolrCloud cluster is down (gRPC
 * UNAVAILABLE: the same request may succeed when retried later).
 */
public class BackendUnavailableException extends RuntimeException {
  public BackendUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
