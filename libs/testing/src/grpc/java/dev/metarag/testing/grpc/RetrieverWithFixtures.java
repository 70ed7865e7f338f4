package dev.metarag.testing.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metarag.proto.v1.CreateCollectionRequest;
import dev.metarag.proto.v1.Document;
import dev.metarag.proto.v1.IngestRequest;
import dev.metarag.proto.v1.IngestResponse;
import dev.metarag.proto.v1.RetrieverGrpc;
import dev.metarag.security.auth.Role;
import dev.metarag.testing.ServiceProcess;
import dev.metarag.testing.TestDatasets;
import dev.metarag.testing.security.TestSecurity;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Starts the real, packaged retriever-service as a child process, fills one collection per test
 * domain from the invented SQuAD fixtures in {@code libs/testing/fixtures} (each paragraph a
 * document, with id {@code <title>-<n>}), and points the service under test at it through the
 * property named by the {@code property} argument. With the argument {@code secured=true} the
 * retriever serves TLS only and requires API keys ({@link TestSecurity}), and is filled over TLS
 * with the admin key.
 *
 * <p>This file is compiled into each service's tests (build-helper's add-test-source), against that
 * service's own generated stubs: the services generate their stubs themselves, so a library cannot
 * hold gRPC client code.
 */
public class RetrieverWithFixtures implements QuarkusTestResourceLifecycleManager {
  public static final List<String> DOMAINS = List.of("gadgets", "kitchen", "garden");

  /** Where the services' test profiles keep their model registries (per start, below it). */
  private static final Path TEST_REGISTRIES = Path.of("target/test-data");

  private static volatile String target;

  private ServiceProcess retriever;
  private String property = "metarag.retriever";
  private boolean secured;

  /**
   * A fixture data set's absolute path under the test profiles' data root ({@link TestDatasets}),
   * as a DatasetRef.path.
   */
  public static String fixture(String domain) {
    return TestDatasets.fixture(domain).toString();
  }

  /** host:port of the running retriever, for tests that call it directly. */
  public static String target() {
    return target;
  }

  @Override
  public void init(Map<String, String> args) {
    property = args.getOrDefault("property", property);
    secured = Boolean.parseBoolean(args.getOrDefault("secured", "false"));
  }

  @Override
  public Map<String, String> start() {
    try {
      Path work = Files.createDirectories(Path.of("target/test-retriever"));
      Path data = Files.createTempDirectory(work, "data");
      List<String> properties = new ArrayList<>();
      properties.add("metarag.retriever.data-dir=" + data.toAbsolutePath());
      // SetQueryEncoder takes packages from the registry only: the service under test's registry
      // is target/test-data/<start>/models of the same module.
      properties.add(
          "metarag.retriever.registry-dir=" + TEST_REGISTRIES.toAbsolutePath().normalize());
      Function<String, ManagedChannel> channels =
          t -> ManagedChannelBuilder.forTarget(t).usePlaintext().build();
      if (secured) {
        TestSecurity security = TestSecurity.get();
        security.serverConfig().forEach((k, v) -> properties.add(k + "=" + v));
        channels = t -> security.channel(t, security.client(Role.ADMIN));
      }
      retriever =
          ServiceProcess.start(
              Path.of("../retriever-service"),
              properties,
              work.resolve(secured ? "retriever-secured.log" : "retriever.log"),
              channels);
      ManagedChannel channel = channels.apply(retriever.target());
      try {
        for (String domain : DOMAINS) {
          fill(channel, domain);
        }
      } finally {
        channel.shutdownNow();
      }
      target = retriever.target();
      return Map.of(property, retriever.target());
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the retriever for the tests", e);
    }
  }

  private static void fill(ManagedChannel channel, String domain) throws Exception {
    RetrieverGrpc.newBlockingStub(channel)
        .createCollection(CreateCollectionRequest.newBuilder().setName(domain).build());
    JsonNode squad = new ObjectMapper().readTree(Path.of(fixture(domain)).toFile());
    CompletableFuture<IngestResponse> done = new CompletableFuture<>();
    StreamObserver<IngestRequest> ingest =
        RetrieverGrpc.newStub(channel)
            .ingest(
                new StreamObserver<>() {
                  @Override
                  public void onNext(IngestResponse value) {
                    done.complete(value);
                  }

                  @Override
                  public void onError(Throwable t) {
                    done.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {}
                });
    boolean first = true;
    for (JsonNode article : squad.get("data")) {
      int i = 0;
      for (JsonNode paragraph : article.get("paragraphs")) {
        IngestRequest.Builder r = IngestRequest.newBuilder();
        if (first) {
          r.setCollection(domain);
          first = false;
        }
        r.setDocument(
            Document.newBuilder()
                .setId(article.get("title").asText() + "-" + i++)
                .setTitle(article.get("title").asText())
                .setText(paragraph.get("context").asText()));
        ingest.onNext(r.build());
      }
    }
    ingest.onCompleted();
    done.get(60, TimeUnit.SECONDS);
  }

  @Override
  public void stop() {
    target = null;
    if (retriever != null) {
      try {
        retriever.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
