package dev.metarag.retriever.grpc;

import static dev.metarag.retriever.grpc.CollectionLifecycleTest.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metarag.proto.v1.CollectionInfo;
import dev.metarag.proto.v1.RetrievalMode;
import dev.metarag.proto.v1.RetrieveRequest;
import dev.metarag.proto.v1.RetrieveResponse;
import dev.metarag.proto.v1.SetQueryEncoderRequest;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@QuarkusTest
class QueryEncoderSwapTest {
  private GrpcTestClient client;

  @BeforeEach
  void connect() {
    client = new GrpcTestClient();
  }

  @AfterEach
  void disconnect() throws InterruptedException {
    client.close();
  }

  private RetrieveResponse dense(String collection, String query) {
    return client.blocking.retrieve(
        RetrieveRequest.newBuilder()
            .setCollection(collection)
            .setQuery(query)
            .setMode(RetrievalMode.RETRIEVAL_MODE_DENSE)
            .setTopK(1)
            .build());
  }

  private CollectionInfo setEncoder(String collection, Path dir, String version) {
    return client
        .blocking
        .setQueryEncoder(
            SetQueryEncoderRequest.newBuilder()
                .setCollection(collection)
                .setModelDir(dir == null ? "" : dir.toString())
                .setVersion(version)
                .build())
        .getCollection();
  }

  @Test
  void aSwappedEncoderEmbedsQueriesUntilItIsReset(@TempDir Path tmp) throws Exception {
    client.create("swap-basic");
    client.ingest("swap-basic", SampleCorpus.documents());
    RetrieveResponse before = dense("swap-basic", "How long does the battery last?");
    Path pkg = TestEncoderPackages.quantizedMiniLm(tmp.resolve("v7"), "pkg-version");

    CollectionInfo info = setEncoder("swap-basic", pkg, "v7");

    assertThat(info.getQueryEncoder().getName()).isEqualTo("minilm-int8");
    assertThat(info.getQueryEncoder().getVersion()).isEqualTo("v7");
    assertThat(info.getQueryEncoder().getSource()).isEqualTo(pkg.toString());
    assertThat(info.getDocumentEncoder().getName()).isEqualTo("all-minilm-l6-v2");
    RetrieveResponse after = dense("swap-basic", "How long does the battery last?");
    assertThat(after.getQueryEncoder().getVersion()).isEqualTo("v7");
    assertThat(after.getPassages(0).getDocumentId()).isEqualTo("lumio-battery");
    // A different model gives a different similarity for the same query and passage.
    assertThat(after.getPassages(0).getDense().getScore())
        .isNotEqualTo(before.getPassages(0).getDense().getScore());

    CollectionInfo reset = setEncoder("swap-basic", null, "");
    assertThat(reset.getQueryEncoder()).isEqualTo(reset.getDocumentEncoder());
    assertThat(
            dense("swap-basic", "How long does the battery last?")
                .getPassages(0)
                .getDense()
                .getScore())
        .isEqualTo(before.getPassages(0).getDense().getScore());
  }

  @Test
  void retrievesNeverFailWhileEncodersSwap(@TempDir Path tmp) throws Exception {
    client.create("swap-load");
    client.ingest("swap-load", SampleCorpus.documents());
    Path pkg = TestEncoderPackages.quantizedMiniLm(tmp.resolve("int8"), "int8");
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger completed = new AtomicInteger();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    List<Future<?>> readers = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      readers.add(
          pool.submit(
              () -> {
                while (!stop.get()) {
                  try {
                    dense("swap-load", "kettle handle");
                    completed.incrementAndGet();
                  } catch (Throwable e) {
                    failures.add(e);
                  }
                }
              }));
    }

    for (int i = 0; i < 6; i++) {
      setEncoder("swap-load", i % 2 == 0 ? pkg : null, "");
    }
    stop.set(true);
    for (Future<?> f : readers) {
      f.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();

    assertThat(failures).isEmpty();
    assertThat(completed.get()).isPositive();
  }

  @Test
  void missingOrBrokenPackagesAreRejectedAndTheOldEncoderStays(@TempDir Path tmp) throws Exception {
    client.create("swap-bad");
    Path broken = tmp.resolve("broken");
    Files.createDirectories(broken);
    Files.writeString(broken.resolve("query-encoder.onnx"), "not a model");
    Files.copy(
        TestEncoderPackages.quantizedMiniLm(tmp.resolve("ok"), "x").resolve("tokenizer.json"),
        broken.resolve("tokenizer.json"));

    assertStatus(
        () -> setEncoder("swap-bad", tmp.resolve("absent"), ""), Status.Code.NOT_FOUND, "absent");
    assertStatus(
        () -> setEncoder("swap-bad", broken, ""), Status.Code.INVALID_ARGUMENT, "cannot be loaded");
    assertStatus(() -> setEncoder("no-such", broken, ""), Status.Code.NOT_FOUND, "no-such");
    assertThat(dense("swap-bad", "anything").getQueryEncoder().getName())
        .isEqualTo("all-minilm-l6-v2");
  }
}
