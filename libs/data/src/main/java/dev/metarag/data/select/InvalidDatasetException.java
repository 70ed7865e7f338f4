package dev.metarag.data.select;

/** The data set exists but cannot be used: no known format, a file that does not parse. */
public final class InvalidDatasetException extends RuntimeException {
  public InvalidDatasetException(String message) {
    super(message);
  }
}
