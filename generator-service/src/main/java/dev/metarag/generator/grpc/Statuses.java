package dev.metarag.generator.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** gRPC errors whose messages name the field at fault and say what to fix. */
final class Statuses {
  private Statuses() {}

  static StatusRuntimeException invalid(String field, String message) {
    return Status.INVALID_ARGUMENT.withDescription(field + ": " + message).asRuntimeException();
  }
}
