package dev.metarag.registry;

/**
 * A registry request that cannot be carried out as asked. The reason maps onto a gRPC status
 * (NOT_FOUND, INVALID_ARGUMENT, FAILED_PRECONDITION) and the message names the domain and version
 * and says what to change.
 */
public class RegistryException extends RuntimeException {
  /** Why the request was refused. */
  public enum Reason {
    /** The version or domain does not exist, or the version belongs to another domain. */
    NOT_FOUND,
    /** The request itself is malformed: a bad name, a version of the wrong kind, a bad token. */
    INVALID,
    /** The request is valid but the registry's state forbids it now (the version is active...). */
    FAILED_PRECONDITION
  }

  private final Reason reason;

  public RegistryException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  static RegistryException notFound(String message) {
    return new RegistryException(Reason.NOT_FOUND, message);
  }

  static RegistryException invalid(String message) {
    return new RegistryException(Reason.INVALID, message);
  }

  static RegistryException failedPrecondition(String message) {
    return new RegistryException(Reason.FAILED_PRECONDITION, message);
  }
}
