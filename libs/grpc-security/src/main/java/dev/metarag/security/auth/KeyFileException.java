package dev.metarag.security.auth;

/**
 * A key file that cannot be used, with a message naming the file and the line (never a key). At
 * start-up it stops the service; on a reload the previous keys stay in force.
 */
public class KeyFileException extends RuntimeException {
  public KeyFileException(String message) {
    super(message);
  }

  public KeyFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
