package dev.metarag.retriever.grpc;

import dev.metarag.proto.v1.CreateCollectionRequest;
import dev.metarag.proto.v1.Document;
import dev.metarag.proto.v1.IngestRequest;
import dev.metarag.proto.v1.IngestResponse;
import dev.metarag.proto.v1.RetrieverGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;

/** A real gRPC client of the service under test, over loopback on its random port. */
final class GrpcTestClient implements AutoCloseable {
  final ManagedChannel channel;
  final RetrieverGrpc.RetrieverBlockingStub blocking;
  final RetrieverGrpc.RetrieverStub async;

  GrpcTestClient() {
    int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
    blocking = RetrieverGrpc.newBlockingStub(channel);
    async = RetrieverGrpc.newStub(channel);
  }

  static Document doc(String id, String title, String text, Map<String, String> metadata) {
    return Document.newBuilder()
        .setId(id)
        .setTitle(title)
        .setText(text)
        .putAllMetadata(metadata)
        .build();
  }

  void create(String name) {
    blocking.createCollection(CreateCollectionRequest.newBuilder().setName(name).build());
  }

  /** Streams documents into a collection and waits for the acknowledgement. */
  IngestResponse ingest(String collection, List<Document> documents) throws Exception {
    IngestStream stream = openIngest();
    for (Document d : documents) {
      stream.send(collection, d);
    }
    return stream.complete();
  }

  IngestStream openIngest() {
    return new IngestStream(async);
  }

  /** An ingest call the test controls message by message. */
  static final class IngestStream {
    final CompletableFuture<IngestResponse> result = new CompletableFuture<>();
    private final StreamObserver<IngestRequest> requests;

    IngestStream(RetrieverGrpc.RetrieverStub stub) {
      requests =
          stub.ingest(
              new StreamObserver<>() {
                private IngestResponse last;

                @Override
                public void onNext(IngestResponse value) {
                  last = value;
                }

                @Override
                public void onError(Throwable t) {
                  result.completeExceptionally(t);
                }

                @Override
                public void onCompleted() {
                  result.complete(last);
                }
              });
    }

    void send(String collection, Document d) {
      requests.onNext(IngestRequest.newBuilder().setCollection(collection).setDocument(d).build());
    }

    IngestResponse complete() throws Exception {
      requests.onCompleted();
      return result.get(60, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }
}
