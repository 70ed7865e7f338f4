package dev.metarag.data.select;

/** The data set a request names does not exist: an unknown name or a missing path. */
public final class DatasetNotFoundException extends RuntimeException {
  public DatasetNotFoundException(String message) {
    super(message);
  }
}
