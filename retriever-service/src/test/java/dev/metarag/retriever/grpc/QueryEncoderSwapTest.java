package dev.metarag.retriever.grpc;

import static dev.metarag.retriever.grpc.CollectionLifecycleTest.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metarag.proto.v1.CollectionInfo;
import dev.metarag.proto.v1.RetrievalMode;
import dev.metarag.proto.v1.RetrieveRequest;
import dev.metarag.proto.v1.RetrieveResponse;
import dev.metarag.proto.v1.SetQueryEncoderRequest;
import dev.metarag.testing.TestDatasets;
import dev.metarag.testing.badinput.PathProbes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
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
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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

  /** The model registry SetQueryEncoder loads from (metarag.retriever.registry-dir). */
  static Path registry() {
    return ConfigProvider.getConfig()
        .getValue("metarag.retriever.registry-dir", Path.class)
        .toAbsolutePath()
        .normalize();
  }

  /** A new folder in the registry, for one test's packages. */
  static Path inRegistry() throws IOException {
    return Files.createTempDirectory(Files.createDirectories(registry()), "swap-");
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
  void aSwappedEncoderEmbedsQueriesUntilItIsReset() throws Exception {
    Path tmp = inRegistry();
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
  void retrievesNeverFailWhileEncodersSwap() throws Exception {
    Path tmp = inRegistry();
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
  void missingOrBrokenPackagesAreRejectedAndTheOldEncoderStays() throws Exception {
    Path tmp = inRegistry();
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

  @Test
  void modelDirectoriesOutsideTheRegistryAreRefusedBeforeAnythingIsOpened() throws Exception {
    client.create("swap-confined");
    Path outside =
        TestEncoderPackages.quantizedMiniLm(
            Files.createTempDirectory(TestDatasets.outside(), "pkg-"), "outside");
    Path link = inRegistry().resolve("linked");
    Files.createSymbolicLink(link, outside);
    String registrySetting = "give a path under metarag.retriever.registry-dir";

    // Long paths are quoted cut short, so only the path's beginning is sure to be in the message.
    assertStatus(
        () -> setEncoder("swap-confined", outside, ""),
        Status.Code.INVALID_ARGUMENT,
        "model_dir '" + outside.toString().substring(0, 30));
    assertStatus(
        () -> setEncoder("swap-confined", outside, ""),
        Status.Code.INVALID_ARGUMENT,
        "is outside the allowed directories: " + registrySetting);
    assertStatus(
        () -> setEncoder("swap-confined", Path.of("/etc"), ""),
        Status.Code.INVALID_ARGUMENT,
        "model_dir '/etc' is outside the allowed directories");
    assertStatus(
        () -> setEncoder("swap-confined", registry().resolve("../../etc"), ""),
        Status.Code.INVALID_ARGUMENT,
        "climbs with '..'");
    assertStatus(
        () -> setEncoder("swap-confined", link, ""),
        Status.Code.INVALID_ARGUMENT,
        "leads out of the allowed directories by a link: " + registrySetting);
    assertThat(dense("swap-confined", "anything").getQueryEncoder().getName())
        .isEqualTo("all-minilm-l6-v2");
  }

  @Test
  void aPackageInTheRegistryGivenRelativeToItIsLoaded() throws Exception {
    client.create("swap-relative");
    Path pkg = TestEncoderPackages.quantizedMiniLm(inRegistry().resolve("v3"), "v3");

    CollectionInfo info = setEncoder("swap-relative", registry().relativize(pkg), "");

    assertThat(info.getQueryEncoder().getName()).isEqualTo("minilm-int8");
    assertThat(info.getQueryEncoder().getSource()).isEqualTo(pkg.toRealPath().toString());
  }

  @Test
  void aBrokenManifestOrTokenizerIsDescribedWithoutQuotingIt() throws Exception {
    client.create("swap-secret");
    Path manifest = TestEncoderPackages.quantizedMiniLm(inRegistry().resolve("m"), "m");
    Files.writeString(manifest.resolve("manifest.json"), PathProbes.SECRET);
    Path tokenizer = TestEncoderPackages.quantizedMiniLm(inRegistry().resolve("t"), "t");
    Files.writeString(tokenizer.resolve("tokenizer.json"), PathProbes.SECRET);

    assertStatus(
        () -> setEncoder("swap-secret", manifest, ""),
        Status.Code.INVALID_ARGUMENT,
        "model package m: manifest.json is not valid JSON (line 1, column 1)");
    assertStatus(
        () -> setEncoder("swap-secret", tokenizer, ""),
        Status.Code.INVALID_ARGUMENT,
        "model package t: its tokenizer cannot be read");
    for (Path pkg : List.of(manifest, tokenizer)) {
      assertThatThrownBy(() -> setEncoder("swap-secret", pkg, ""))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getDescription()).doesNotContain(PathProbes.MARKER));
    }
  }
}
