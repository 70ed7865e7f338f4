package dev.metarag.trainer.config;

/**
 * A setting the service cannot run with, found at start-up; the message names the key and what to
 * set instead. Thrown from start-up, it stops the service before it serves.
 */
public final class InvalidSettingException extends RuntimeException {
  private final String key;

  public InvalidSettingException(String key, String problem) {
    super("invalid setting " + key + ": " + problem);
    this.key = key;
  }

  public InvalidSettingException(String key, String problem, Throwable cause) {
    super("invalid setting " + key + ": " + problem, cause);
    this.key = key;
  }

  /** The property name, for example {@code metarag.trainer.kubernetes.default-image}. */
  public String key() {
    return key;
  }
}
