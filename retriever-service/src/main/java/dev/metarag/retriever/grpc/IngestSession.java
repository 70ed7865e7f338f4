package dev.metarag.retriever.grpc;

import dev.metarag.proto.v1.IngestRequest;
import dev.metarag.proto.v1.IngestResponse;
import dev.metarag.retriever.collection.Collection;
import dev.metarag.retriever.collection.CollectionRegistry;
import dev.metarag.retriever.collection.DocumentInput;
import dev.metarag.retriever.error.InvalidRequestException;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One client-streaming ingest call. Documents are validated as they arrive, indexed in batches
 * (searchable at once), and committed when the client half-closes; only then is the response sent,
 * so an acknowledged ingest is durable. The first invalid document fails the call.
 */
final class IngestSession implements StreamObserver<IngestRequest> {
  private final CollectionRegistry registry;
  private final DocumentValidator validator;
  private final int batchSize;
  private final RetrievalMetrics metrics;
  private final StreamObserver<IngestResponse> response;
  private final long startedNanos = System.nanoTime();
  private final List<DocumentInput> buffer = new ArrayList<>();
  private final Set<String> seenIds = new HashSet<>();
  private Collection collection;
  private long received;
  private long upserted;
  private long replaced;
  private long passages;
  private boolean finished;

  IngestSession(
      CollectionRegistry registry,
      DocumentValidator validator,
      int batchSize,
      RetrievalMetrics metrics,
      StreamObserver<IngestResponse> response) {
    this.registry = registry;
    this.validator = validator;
    this.batchSize = batchSize;
    this.metrics = metrics;
    this.response = response;
  }

  @Override
  public synchronized void onNext(IngestRequest request) {
    if (finished) {
      return;
    }
    try {
      RequestLimits.checkNotCancelled();
      resolveCollection(request.getCollection());
      if (!request.hasDocument()) {
        throw new InvalidRequestException("message #" + received + " has no document");
      }
      buffer.add(validator.validate(request.getDocument(), received++));
      if (buffer.size() >= batchSize) {
        flush();
      }
    } catch (RuntimeException e) {
      fail(e);
    }
  }

  private void resolveCollection(String name) {
    if (collection == null) {
      if (name.isEmpty()) {
        throw new InvalidRequestException("the first ingest message must name the collection");
      }
      collection = registry.get(name);
    } else if (!name.isEmpty() && !name.equals(collection.name())) {
      throw new InvalidRequestException(
          "message #"
              + received
              + " names collection '"
              + name
              + "' but this stream ingests into '"
              + collection.name()
              + "': use one stream per collection");
    }
  }

  private void flush() {
    if (buffer.isEmpty()) {
      return;
    }
    Collection.UpsertOutcome outcome = collection.upsert(buffer);
    for (int i = 0; i < buffer.size(); i++) {
      String id = buffer.get(i).id();
      if (outcome.existed()[i] || seenIds.contains(id)) {
        replaced++;
      }
      seenIds.add(id);
    }
    passages += outcome.passages();
    upserted += buffer.size();
    metrics.recordIngest(buffer.size(), outcome.passages());
    buffer.clear();
  }

  @Override
  public synchronized void onError(Throwable t) {
    // The client cancelled or the connection broke: nothing was acknowledged.
    finished = true;
    buffer.clear();
  }

  @Override
  public synchronized void onCompleted() {
    if (finished) {
      return;
    }
    try {
      if (collection == null) {
        throw new InvalidRequestException(
            "the ingest stream had no messages: send at least one with collection and document");
      }
      flush();
      collection.commit();
      finished = true;
      response.onNext(
          IngestResponse.newBuilder()
              .setCollection(collection.name())
              .setDocumentsUpserted(upserted)
              .setDocumentsReplaced(replaced)
              .setPassagesIndexed(passages)
              .setTookMillis((System.nanoTime() - startedNanos) / 1_000_000)
              .build());
      response.onCompleted();
    } catch (RuntimeException e) {
      fail(e);
    }
  }

  private void fail(RuntimeException e) {
    finished = true;
    buffer.clear();
    response.onError(GrpcErrors.toStatus(e));
  }
}
