package dev.metarag.adapter.adaptation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.metarag.adapter.support.AdapterClient;
import dev.metarag.adapter.support.FixtureExamples;
import dev.metarag.proto.v1.AdaptEvent;
import dev.metarag.proto.v1.AdaptRequest;
import dev.metarag.proto.v1.AdaptResponse;
import dev.metarag.proto.v1.AdaptStage;
import dev.metarag.proto.v1.AdaptStreamRequest;
import dev.metarag.proto.v1.CreateCollectionRequest;
import dev.metarag.proto.v1.Document;
import dev.metarag.proto.v1.EvaluationMetrics;
import dev.metarag.proto.v1.ExampleIssue;
import dev.metarag.proto.v1.ExampleScore;
import dev.metarag.proto.v1.GetVersionRequest;
import dev.metarag.proto.v1.IngestRequest;
import dev.metarag.proto.v1.IngestResponse;
import dev.metarag.proto.v1.ListVersionsRequest;
import dev.metarag.proto.v1.MetadataFilter;
import dev.metarag.proto.v1.ModelVersion;
import dev.metarag.proto.v1.ParameterSubset;
import dev.metarag.proto.v1.ParameterSubsetKind;
import dev.metarag.proto.v1.QaExample;
import dev.metarag.proto.v1.RetrieverGrpc;
import dev.metarag.testing.grpc.RetrieverWithFixtures;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Examples scoped by metadata filters, per-example scores, the served figures and trials, on the
 * real MiniLM model (heads only) over the real retriever. The "policies" collection holds three
 * privacy policies, two of which keep data for "two years": which of them an example may retrieve
 * from is its filters' choice, and shows in the ranks, the answers and the support report.
 */
@QuarkusTest
@QuarkusTestResource(
    value = RetrieverWithFixtures.class,
    initArgs = @ResourceArg(name = "property", value = "metarag.adapter.retriever"))
class AdaptScopesAndScoresTest {
  private static final String DOMAIN = "policies";
  private static final String ACME =
      "Acme keeps your personal data for two years after you close your account. Acme shares"
          + " data with payment processors only.";
  private static final String BIRCH =
      "Birch keeps your personal data for two years after your last order. Birch never sells"
          + " data to advertisers.";
  private static final String CEDAR =
      "Cedar deletes your data within thirty days of a request. Cedar uses cookies for"
          + " analytics.";
  private static final String RETENTION = "How long is personal data kept?";
  private static final double GENERATOR_DEFAULT_MIN_CONFIDENCE = 0.1;

  private static boolean ingested;

  private AdapterClient client;

  @BeforeEach
  void connect() throws Exception {
    client = new AdapterClient();
    if (!ingested) {
      ingestPolicies();
      ingested = true;
    }
  }

  @AfterEach
  void disconnect() {
    client.close();
  }

  private static MetadataFilter policy(String... names) {
    return MetadataFilter.newBuilder().setKey("policy").addAllAnyOf(List.of(names)).build();
  }

  private static QaExample example(String id, String question, String answer) {
    return QaExample.newBuilder().setId(id).setQuestion(question).addAnswers(answer).build();
  }

  /**
   * The same question three times, answered by Acme's policy: scoped to Acme, scoped to Birch
   * (which holds the same answer text in another document), and unscoped.
   */
  private static List<QaExample> evaluation() {
    QaExample acme =
        example("", RETENTION, "two years").toBuilder().setGoldDocumentId("acme-0").build();
    return List.of(
        acme.toBuilder().setId("acme-in-scope").addFilters(policy("acme")).build(),
        acme.toBuilder().setId("acme-out-of-scope").addFilters(policy("birch")).build(),
        acme.toBuilder().setId("acme-anywhere").build());
  }

  /** Cedar's question in Cedar's scope, Acme's answer sought in Cedar's scope, and unscoped. */
  private static List<QaExample> support() {
    return List.of(
        example("cedar", "How soon does Cedar delete data?", "thirty days").toBuilder()
            .addFilters(policy("cedar"))
            .build(),
        example("two-years-in-cedar", RETENTION, "two years").toBuilder()
            .addFilters(policy("cedar"))
            .build(),
        example("two-years-anywhere", RETENTION, "two years"));
  }

  private static AdaptRequest.Builder policies() {
    return AdaptRequest.newBuilder()
        .setDomain(DOMAIN)
        .setBaseVersion("base")
        .setSupport(FixtureExamples.inline(support()))
        .setEvaluation(FixtureExamples.inline(evaluation()))
        .setParameters(
            ParameterSubset.newBuilder()
                .setKind(ParameterSubsetKind.PARAMETER_SUBSET_KIND_HEADS_ONLY))
        .setLearningRate(1e-3)
        .setRetrievalTopK(2)
        .setSeed(7);
  }

  @Test
  void filtersScopeEachExamplesRetrievalAndScoresComeOnePerExample() {
    AdaptResponse response = client.blocking.adapt(policies().setExampleScores(true).build());

    // Support: Acme's answer is in no passage of Cedar's policy, so that example is skipped.
    assertThat(response.getSupportExamplesUsed()).isEqualTo(2);
    assertThat(response.getExampleReportsList())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getExampleId()).isEqualTo("two-years-in-cedar");
              assertThat(r.getIndex()).isEqualTo(1);
              assertThat(r.getIssue()).isEqualTo(ExampleIssue.EXAMPLE_ISSUE_ANSWER_NOT_RETRIEVED);
              assertThat(r.getMessage()).contains("of the documents its filters allow");
            });

    for (EvaluationMetrics m : List.of(response.getBefore(), response.getAfter())) {
      List<ExampleScore> each = m.getExamplesList();
      assertThat(each)
          .extracting(ExampleScore::getExampleId)
          .containsExactly("acme-in-scope", "acme-out-of-scope", "acme-anywhere");
      assertThat(each).extracting(ExampleScore::getIndex).containsExactly(0, 1, 2);
      // In Acme's scope its document is the only one; in Birch's it cannot be retrieved at all;
      // unscoped it is among the collection's three.
      assertThat(each.get(0).getFirstRelevantRank()).isEqualTo(1);
      assertThat(each.get(1).getFirstRelevantRank()).isZero();
      assertThat(each.get(2).getFirstRelevantRank()).isBetween(1, 3);
      assertThat(m.getRecallAt20()).isCloseTo(2 / 3.0, within(1e-9));
      // Each answer is read from the passages of its own scope.
      assertThat(each.get(0).getAnswer()).isNotEmpty();
      assertThat(ACME).contains(each.get(0).getAnswer());
      assertThat(each.get(1).getAnswer()).isNotEmpty();
      assertThat(BIRCH).contains(each.get(1).getAnswer());
      assertConsistent(m);
    }

    // Per-example scores are the caller's: the registered version's metrics keep the figures only.
    ModelVersion registered =
        client
            .blocking
            .getVersion(
                GetVersionRequest.newBuilder()
                    .setDomain(DOMAIN)
                    .setVersion(response.getVersion().getVersion())
                    .build())
            .getVersion();
    assertThat(registered.getMetrics().getExamplesList()).isEmpty();
    assertThat(response.getVersion().getMetrics().getExamplesList()).isEmpty();
    assertThat(registered.getMetrics().getServedF1()).isEqualTo(response.getAfter().getServedF1());
    assertThat(registered.getMetrics().getF1()).isEqualTo(response.getAfter().getF1());
  }

  /**
   * The aggregate figures are the means of the examples' scores; the served ones withhold the
   * answers under the generator's default threshold and are at most the figures.
   */
  private static void assertConsistent(EvaluationMetrics m) {
    List<ExampleScore> each = m.getExamplesList();
    assertThat(m.getExampleCount()).isEqualTo(each.size());
    assertThat(each.stream().mapToDouble(ExampleScore::getF1).average().orElseThrow())
        .isCloseTo(m.getF1(), within(1e-9));
    assertThat(each.stream().mapToDouble(ExampleScore::getExactMatch).average().orElseThrow())
        .isCloseTo(m.getExactMatch(), within(1e-9));
    for (ExampleScore s : each) {
      assertThat(s.getConfidence()).isBetween(0.0, 1.0);
      assertThat(s.getAbstainedAsServed())
          .isEqualTo(s.getConfidence() < GENERATOR_DEFAULT_MIN_CONFIDENCE);
    }
    assertThat(m.getServedAbstainedCount())
        .isEqualTo((int) each.stream().filter(ExampleScore::getAbstainedAsServed).count());
    assertThat(m.getAbstainedCount()).isEqualTo(m.getServedAbstainedCount());
    assertThat(
            each.stream()
                .mapToDouble(s -> s.getAbstainedAsServed() ? 0 : s.getF1())
                .average()
                .orElseThrow())
        .isCloseTo(m.getServedF1(), within(1e-9));
    assertThat(m.getServedF1()).isLessThanOrEqualTo(m.getF1());
    assertThat(m.getServedExactMatch()).isLessThanOrEqualTo(m.getExactMatch());
  }

  @Test
  void aTrialAdaptsAndEvaluatesButExportsRegistersAndLeavesNothing() throws Exception {
    Path registry =
        Path.of(ConfigProvider.getConfig().getValue("metarag.adapter.registry-dir", String.class));
    Map<String, String> filesBefore = files(registry);
    List<ModelVersion> versionsBefore = versions();

    List<AdaptEvent> events = new ArrayList<>();
    client
        .blocking
        .adaptStream(AdaptStreamRequest.newBuilder().setRequest(policies().setTrial(true)).build())
        .forEachRemaining(events::add);

    AdaptResponse result = events.get(events.size() - 1).getResult();
    assertThat(
            events.subList(0, events.size() - 1).stream()
                .map(e -> e.getProgress().getStage())
                .distinct())
        .containsExactly(
            AdaptStage.ADAPT_STAGE_RETRIEVING,
            AdaptStage.ADAPT_STAGE_EVALUATING_BEFORE,
            AdaptStage.ADAPT_STAGE_ADAPTING,
            AdaptStage.ADAPT_STAGE_EVALUATING_AFTER);
    assertThat(result.hasVersion()).isFalse();
    assertThat(result.getPromoted()).isFalse();
    assertThat(result.getPromotionReason()).startsWith("trial: nothing exported");
    assertThat(result.getBase().getVersion()).isEqualTo("base");
    assertThat(result.getSupportExamplesUsed()).isEqualTo(2);
    for (EvaluationMetrics m : List.of(result.getBefore(), result.getAfter())) {
      assertThat(m.getExampleCount()).isEqualTo(3);
      // Not asked for.
      assertThat(m.getExamplesList()).isEmpty();
      assertThat(m.getServedF1()).isLessThanOrEqualTo(m.getF1());
    }
    assertThat(result.getTimings().getExportMillis()).isZero();
    assertThat(result.getTimings().getAdaptMillis()).isPositive();

    assertThat(versions()).isEqualTo(versionsBefore);
    assertThat(files(registry)).isEqualTo(filesBefore);
  }

  private List<ModelVersion> versions() {
    return client
        .blocking
        .listVersions(ListVersionsRequest.newBuilder().setDomain(DOMAIN).build())
        .getVersionsList();
  }

  /** Every file and directory under the registry (staging ones included), with size and time. */
  private static Map<String, String> files(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.toList()) {
        out.put(
            root.relativize(p).toString(),
            Files.isDirectory(p) ? "dir" : Files.size(p) + "@" + Files.getLastModifiedTime(p));
      }
    }
    return out;
  }

  /** The "policies" collection: one document per policy, with its name as metadata. */
  private static void ingestPolicies() throws Exception {
    ManagedChannel channel =
        ManagedChannelBuilder.forTarget(RetrieverWithFixtures.target()).usePlaintext().build();
    try {
      RetrieverGrpc.newBlockingStub(channel)
          .createCollection(CreateCollectionRequest.newBuilder().setName(DOMAIN).build());
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
      for (String[] doc :
          List.of(
              new String[] {"acme", ACME},
              new String[] {"birch", BIRCH},
              new String[] {"cedar", CEDAR})) {
        IngestRequest.Builder r = IngestRequest.newBuilder();
        if (first) {
          r.setCollection(DOMAIN);
          first = false;
        }
        ingest.onNext(
            r.setDocument(
                    Document.newBuilder()
                        .setId(doc[0] + "-0")
                        .setTitle(doc[0])
                        .setText(doc[1])
                        .putMetadata("policy", doc[0]))
                .build());
      }
      ingest.onCompleted();
      assertThat(done.get(60, TimeUnit.SECONDS).getDocumentsUpserted()).isEqualTo(3);
    } finally {
      channel.shutdownNow();
    }
  }
}
