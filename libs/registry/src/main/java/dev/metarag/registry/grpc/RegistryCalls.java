package dev.metarag.registry.grpc;

import dev.metarag.inference.model.InvalidModelPackageException;
import dev.metarag.registry.CorruptRegistryException;
import dev.metarag.registry.RegistryException;
import dev.metarag.security.errors.InternalErrors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Maps what a service built on the model registry throws onto gRPC statuses, the same way in every
 * such service: the caller's mistakes keep their codes (a {@link RegistryException} its reason's),
 * a damaged registry or model package is DATA_LOSS naming the file, and only faults of the service
 * itself are INTERNAL (logged with their stack trace).
 */
public final class RegistryCalls {
  private static final Logger LOG = Logger.getLogger(RegistryCalls.class);

  private RegistryCalls() {}

  /** Answers a unary call with the body's result, or with the status of what it threw. */
  public static <T> void unary(StreamObserver<T> response, Supplier<T> body) {
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

  /** The status a failure answers with. */
  public static StatusRuntimeException status(Throwable t) {
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
      LOG.error("the model registry or a model package is damaged", cause);
      return Status.DATA_LOSS.withDescription(cause.getMessage()).asRuntimeException();
    }
    return InternalErrors.status("a registry request", cause);
  }
}
