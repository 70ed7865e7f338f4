package dev.metarag.retriever.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metarag.proto.v1.CreateCollectionRequest;
import dev.metarag.proto.v1.DescribeCollectionRequest;
import dev.metarag.proto.v1.Document;
import dev.metarag.proto.v1.IngestRequest;
import dev.metarag.proto.v1.IngestResponse;
import dev.metarag.proto.v1.RetrievalMode;
import dev.metarag.proto.v1.RetrieveRequest;
import dev.metarag.proto.v1.RetrieverGrpc;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged means durable: the packaged service is killed with SIGKILL in the middle of an
 * ingest stream, restarted on the same directory, and every acknowledged document is there.
 */
class RetrieverCrashIT {

  private static Document doc(String id, String text) {
    return Document.newBuilder().setId(id).setText(text).build();
  }

  private static IngestResponse ingest(ManagedChannel channel, String prefix, int count)
      throws Exception {
    CompletableFuture<IngestResponse> ack = new CompletableFuture<>();
    StreamObserver<IngestRequest> stream = RetrieverGrpc.newStub(channel).ingest(observer(ack));
    for (int i = 0; i < count; i++) {
      stream.onNext(
          IngestRequest.newBuilder()
              .setCollection("crash")
              .setDocument(
                  doc(prefix + i, "Acknowledged document number " + i + " about " + prefix))
              .build());
    }
    stream.onCompleted();
    return ack.get(120, TimeUnit.SECONDS);
  }

  private static StreamObserver<IngestResponse> observer(CompletableFuture<IngestResponse> ack) {
    return new StreamObserver<>() {
      IngestResponse last;

      public void onNext(IngestResponse r) {
        last = r;
      }

      public void onError(Throwable t) {
        ack.completeExceptionally(t);
      }

      public void onCompleted() {
        ack.complete(last);
      }
    };
  }

  @Test
  void everyAcknowledgedDocumentSurvivesKillNine(@TempDir Path tmp) throws Exception {
    try (RetrieverProcess retriever = new RetrieverProcess(tmp.resolve("data"))) {
      retriever.start();
      ManagedChannel channel = retriever.channel();
      RetrieverGrpc.newBlockingStub(channel)
          .createCollection(CreateCollectionRequest.newBuilder().setName("crash").build());
      for (int round = 0; round < 3; round++) {
        assertThat(ingest(channel, "acked" + round + "-", 10).getDocumentsUpserted()).isEqualTo(10);
      }
      // An ingest still streaming, never completed: none of it was acknowledged.
      StreamObserver<IngestRequest> open =
          RetrieverGrpc.newStub(channel).ingest(observer(new CompletableFuture<>()));
      for (int i = 0; i < 9; i++) {
        open.onNext(
            IngestRequest.newBuilder()
                .setCollection("crash")
                .setDocument(doc("unacked-" + i, "in flight " + i))
                .build());
      }
      retriever.kill();
      channel.shutdownNow();

      retriever.start();
      ManagedChannel again = retriever.channel();
      RetrieverGrpc.RetrieverBlockingStub stub = RetrieverGrpc.newBlockingStub(again);
      long documents =
          stub.describeCollection(DescribeCollectionRequest.newBuilder().setName("crash").build())
              .getCollection()
              .getDocumentCount();
      assertThat(documents).isBetween(30L, 39L);
      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 10; i++) {
          var hits =
              stub.retrieve(
                  RetrieveRequest.newBuilder()
                      .setCollection("crash")
                      .setQuery("number " + i + " acked" + round)
                      .setMode(RetrievalMode.RETRIEVAL_MODE_BM25)
                      .setTopK(100)
                      .build());
          String id = "acked" + round + "-" + i;
          assertThat(hits.getPassagesList()).as(id).anyMatch(p -> p.getDocumentId().equals(id));
        }
      }
      again.shutdownNow();
    }
  }
}
