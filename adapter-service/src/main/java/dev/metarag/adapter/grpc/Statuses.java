package dev.metarag.adapter.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** gRPC errors whose messages name the field at fault and say what to fix. */
public final class Statuses {
  private Statuses() {}

  public static StatusRuntimeException invalid(String field, String message) {
    return Status.INVALID_ARGUMENT.withDescription(field + ": " + message).asRuntimeException();
  }

  public static StatusRuntimeException notFound(String message) {
    return Status.NOT_FOUND.withDescription(message).asRuntimeException();
  }

  public static StatusRuntimeException failedPrecondition(String message) {
    return Status.FAILED_PRECONDITION.withDescription(message).asRuntimeException();
  }

  public static StatusRuntimeException exhausted(String message) {
    return Status.RESOURCE_EXHAUSTED.withDescription(message).asRuntimeException();
  }
}
