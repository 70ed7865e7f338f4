package dev.metarag.security.errors;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.lang.System.Logger.Level;
import java.util.UUID;

/**
 * Turns a bug or a broken dependency into INTERNAL for the caller: the description carries a short
 * reference and no exception text; the log carries the reference and the whole exception.
 */
public final class InternalErrors {
  private static final System.Logger LOG = System.getLogger(InternalErrors.class.getName());

  private InternalErrors() {}

  /** Logs {@code cause} under a fresh reference and returns the status the caller gets. */
  public static StatusRuntimeException status(String operation, Throwable cause) {
    String reference = UUID.randomUUID().toString().substring(0, 8);
    LOG.log(Level.ERROR, operation + " failed (reference " + reference + ")", cause);
    return Status.INTERNAL
        .withDescription(
            "internal error (reference "
                + reference
                + "): the server logged the details; retry, and report the reference if it"
                + " persists")
        .asRuntimeException();
  }
}
