package dev.metarag.generator.grpc;

import dev.metarag.inference.model.InvalidModelPackageException;
import dev.metarag.registry.CorruptRegistryException;
import dev.metarag.registry.RegistryException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Maps what the service throws onto gRPC statuses: the caller's mistakes keep their codes, a
 * damaged registry or model package is DATA_LOSS naming the file, and only faults of the service
 * itself are INTERNAL (logged with their stack trace).
 */
final class Calls {
  private static final Logger LOG = Logger.getLogger(Calls.class);

  private Calls() {}

  static <T> void unary(StreamObserver<T> response, Supplier<T> body) {
    T result;
    try {
      result = body.get();
    } catch (Throwable t) {
      response.onError(status(t));
      return;
    }
    response.onNext(result);
    response.onCompleted();
  }

  static StatusRuntimeException status(Throwable t) {
    Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    if (cause instanceof StatusRuntimeException e) {
      return e;
    }
    if (cause instanceof RegistryException e) {
      Status status =
          switch (e.reason()) {
            case NOT_FOUND -> Status.NOT_FOUND;
            case INVALID -> Status.INVALID_ARGUMENT;
            case FAILED_PRECONDITION -> Status.FAILED_PRECONDITION;
          };
      return status.withDescription(e.getMessage()).asRuntimeException();
    }
    if (cause instanceof CorruptRegistryException
        || cause instanceof InvalidModelPackageException) {
      LOG.error("a model cannot be served", cause);
      return Status.DATA_LOSS.withDescription(cause.getMessage()).asRuntimeException();
    }
    LOG.error("request failed", cause);
    return Status.INTERNAL
        .withDescription("internal error: " + cause)
        .withCause(cause)
        .asRuntimeException();
  }
}
