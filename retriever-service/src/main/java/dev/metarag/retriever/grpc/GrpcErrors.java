package dev.metarag.retriever.grpc;

import dev.metarag.retriever.error.AlreadyExistsException;
import dev.metarag.retriever.error.BackendUnavailableException;
import dev.metarag.retriever.error.NotFoundException;
import dev.metarag.retriever.error.PreconditionFailedException;
import dev.metarag.security.errors.InternalErrors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** Maps exceptions to gRPC statuses: the caller's mistakes to specific codes, bugs to INTERNAL. */
final class GrpcErrors {
  private GrpcErrors() {}

  static StatusRuntimeException toStatus(Throwable e) {
    if (e instanceof StatusRuntimeException s) {
      return s;
    }
    Status status;
    if (e instanceof NotFoundException) {
      status = Status.NOT_FOUND;
    } else if (e instanceof AlreadyExistsException) {
      status = Status.ALREADY_EXISTS;
    } else if (e instanceof BackendUnavailableException) {
      status = Status.UNAVAILABLE;
    } else if (e instanceof PreconditionFailedException) {
      status = Status.FAILED_PRECONDITION;
    } else if (e instanceof IllegalArgumentException) {
      status = Status.INVALID_ARGUMENT;
    } else {
      return InternalErrors.status("a retriever request", e);
    }
    return status.withDescription(e.getMessage()).asRuntimeException();
  }
}
