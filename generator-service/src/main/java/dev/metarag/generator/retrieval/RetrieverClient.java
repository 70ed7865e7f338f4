package dev.metarag.generator.retrieval;

import dev.metarag.proto.v1.CollectionInfo;
import dev.metarag.proto.v1.DescribeCollectionRequest;
import dev.metarag.proto.v1.ListCollectionsRequest;
import dev.metarag.proto.v1.RetrieveRequest;
import dev.metarag.proto.v1.RetrieveResponse;
import dev.metarag.proto.v1.RetrieverGrpc;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Blocking calls to the retriever. Each attempt has a deadline: the configured one, or the caller's
 * when that comes sooner. UNAVAILABLE (and an attempt that ran out of its own deadline while the
 * caller still has time) is retried a bounded number of times with doubling backoff; after that it
 * is UNAVAILABLE for the caller, naming the address and the setting that holds it. An unknown
 * collection is NOT_FOUND naming the domain.
 */
public final class RetrieverClient {
  private final RetrieverGrpc.RetrieverBlockingStub stub;
  private final Duration attemptDeadline;
  private final int attempts;
  private final Duration backoff;

  public RetrieverClient(
      RetrieverGrpc.RetrieverBlockingStub stub,
      Duration attemptDeadline,
      int attempts,
      Duration backoff) {
    this.stub = stub;
    this.attemptDeadline = attemptDeadline;
    this.attempts = Math.max(1, attempts);
    this.backoff = backoff;
  }

  /**
   * @param caller the caller's deadline, or null
   */
  public CollectionInfo describe(String collection, Deadline caller) {
    return call(
            s ->
                s.describeCollection(
                    DescribeCollectionRequest.newBuilder().setName(collection).build()),
            collection,
            caller)
        .getCollection();
  }

  public List<CollectionInfo> list(Deadline caller) {
    return call(s -> s.listCollections(ListCollectionsRequest.getDefaultInstance()), null, caller)
        .getCollectionsList();
  }

  public RetrieveResponse retrieve(RetrieveRequest request, Deadline caller) {
    return call(s -> s.retrieve(request), request.getCollection(), caller);
  }

  private <T> T call(
      Function<RetrieverGrpc.RetrieverBlockingStub, T> rpc, String collection, Deadline caller) {
    StatusRuntimeException last = null;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      if (caller != null && caller.isExpired()) {
        throw callerDeadline(last);
      }
      try {
        return rpc.apply(stub.withDeadline(deadline(caller)));
      } catch (StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        if (code == Status.Code.NOT_FOUND && collection != null) {
          throw Status.NOT_FOUND
              .withDescription(
                  "domain: the retriever has no collection '"
                      + collection
                      + "'; create it and ingest the domain's documents first")
              .asRuntimeException();
        }
        if (code != Status.Code.UNAVAILABLE && code != Status.Code.DEADLINE_EXCEEDED) {
          throw e;
        }
        last = e;
      }
      if (attempt < attempts && !pause(backoff.multipliedBy(1L << (attempt - 1)), caller)) {
        break;
      }
    }
    if (caller != null && caller.isExpired()) {
      throw callerDeadline(last);
    }
    throw Status.UNAVAILABLE
        .withDescription(
            "the retriever at "
                + stub.getChannel().authority()
                + " did not answer after "
                + attempts
                + " attempts (metarag.generator.retriever): "
                + (last == null
                    ? ""
                    : last.getStatus().getCode() + " " + last.getStatus().getDescription()))
        .withCause(last)
        .asRuntimeException();
  }

  private Deadline deadline(Deadline caller) {
    Deadline own = Deadline.after(attemptDeadline.toNanos(), TimeUnit.NANOSECONDS);
    return caller == null ? own : own.minimum(caller);
  }

  /** Sleeps before a retry; false when the caller's deadline would pass first or on interrupt. */
  private static boolean pause(Duration wait, Deadline caller) {
    if (caller != null && caller.timeRemaining(TimeUnit.NANOSECONDS) <= wait.toNanos()) {
      return false;
    }
    try {
      Thread.sleep(wait);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static StatusRuntimeException callerDeadline(StatusRuntimeException last) {
    return Status.DEADLINE_EXCEEDED
        .withDescription("the request's deadline passed while waiting for the retriever")
        .withCause(last)
        .asRuntimeException();
  }
}
