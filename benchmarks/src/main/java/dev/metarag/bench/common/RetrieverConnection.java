package dev.metarag.bench.common;

import dev.metarag.proto.v1.CollectionBackend;
import dev.metarag.proto.v1.CreateCollectionRequest;
import dev.metarag.proto.v1.DeleteCollectionRequest;
import dev.metarag.proto.v1.DescribeCollectionRequest;
import dev.metarag.proto.v1.Document;
import dev.metarag.proto.v1.IngestRequest;
import dev.metarag.proto.v1.IngestResponse;
import dev.metarag.proto.v1.LexicalAnalyzer;
import dev.metarag.proto.v1.ListCollectionsRequest;
import dev.metarag.proto.v1.RetrieverGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A gRPC client of a running retriever-service, with the calls the programs need. */
public final class RetrieverConnection implements AutoCloseable {
  public final ManagedChannel channel;
  public final RetrieverGrpc.RetrieverBlockingStub blocking;
  private final RetrieverGrpc.RetrieverStub async;

  /**
   * @param target host:port
   */
  public RetrieverConnection(String target) {
    channel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
    blocking = RetrieverGrpc.newBlockingStub(channel);
    async = RetrieverGrpc.newStub(channel);
  }

  public boolean exists(String collection) {
    return blocking
        .listCollections(ListCollectionsRequest.getDefaultInstance())
        .getCollectionsList()
        .stream()
        .anyMatch(c -> c.getName().equals(collection));
  }

  /** The number of documents a collection holds. */
  public long documentCount(String collection) {
    return blocking
        .describeCollection(DescribeCollectionRequest.newBuilder().setName(collection).build())
        .getCollection()
        .getDocumentCount();
  }

  /** Deletes the collection if present and creates it again, embedded. */
  public void recreate(String collection, LexicalAnalyzer analyzer) {
    recreate(collection, analyzer, CollectionBackend.COLLECTION_BACKEND_EMBEDDED);
  }

  /** Deletes the collection if present and creates it again on the given backend. */
  public void recreate(String collection, LexicalAnalyzer analyzer, CollectionBackend backend) {
    if (exists(collection)) {
      blocking.deleteCollection(DeleteCollectionRequest.newBuilder().setName(collection).build());
    }
    blocking.createCollection(
        CreateCollectionRequest.newBuilder()
            .setName(collection)
            .setLexicalAnalyzer(analyzer)
            .setBackend(backend)
            .build());
  }

  /** Streams documents in one ingest call and waits for the durable acknowledgement. */
  public IngestResponse ingest(String collection, List<Document> documents) throws Exception {
    CompletableFuture<IngestResponse> ack = new CompletableFuture<>();
    StreamObserver<IngestRequest> stream =
        async.ingest(
            new StreamObserver<>() {
              IngestResponse last;

              @Override
              public void onNext(IngestResponse r) {
                last = r;
              }

              @Override
              public void onError(Throwable t) {
                ack.completeExceptionally(t);
              }

              @Override
              public void onCompleted() {
                ack.complete(last);
              }
            });
    for (Document d : documents) {
      stream.onNext(IngestRequest.newBuilder().setCollection(collection).setDocument(d).build());
    }
    stream.onCompleted();
    return ack.get(6, TimeUnit.HOURS);
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }
}
