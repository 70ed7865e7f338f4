package dev.metarag.adapter.adaptation;

import static dev.metarag.testing.grpc.StatusAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metarag.adapter.support.AdapterClient;
import dev.metarag.adapter.support.FixtureExamples;
import dev.metarag.proto.v1.AdaptEvent;
import dev.metarag.proto.v1.AdaptRequest;
import dev.metarag.proto.v1.AdaptResponse;
import dev.metarag.proto.v1.AdaptStage;
import dev.metarag.proto.v1.AdaptStreamRequest;
import dev.metarag.proto.v1.DatasetRef;
import dev.metarag.proto.v1.DescribeCollectionRequest;
import dev.metarag.proto.v1.ExampleIssue;
import dev.metarag.proto.v1.ExampleSource;
import dev.metarag.proto.v1.ModelKind;
import dev.metarag.proto.v1.ParameterSubset;
import dev.metarag.proto.v1.ParameterSubsetKind;
import dev.metarag.proto.v1.PromotePolicy;
import dev.metarag.proto.v1.QaExample;
import dev.metarag.testing.TestDatasets;
import dev.metarag.testing.grpc.RetrieverWithFixtures;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Adaptation end to end on the real MiniLM RAG model (only its heads adapt, to stay fast) over the
 * real retriever: the result is registered, exported for serving, evaluated before and after, and
 * promoted as asked.
 */
@QuarkusTest
@QuarkusTestResource(
    value = RetrieverWithFixtures.class,
    initArgs = @ResourceArg(name = "property", value = "metarag.adapter.retriever"))
class AdaptationTest {
  private static final ParameterSubset HEADS =
      ParameterSubset.newBuilder()
          .setKind(ParameterSubsetKind.PARAMETER_SUBSET_KIND_HEADS_ONLY)
          .build();

  private AdapterClient client;

  @BeforeEach
  void connect() {
    client = new AdapterClient();
  }

  @AfterEach
  void disconnect() {
    client.close();
  }

  /** Seven gadget questions, and one whose answer no gadget document holds. */
  private static List<QaExample> supportWithOneUnanswerable() {
    List<QaExample> support = new ArrayList<>(FixtureExamples.of("gadgets").subList(0, 7));
    support.add(
        QaExample.newBuilder()
            .setId("not-in-any-document")
            .setQuestion("Which colour is the Lumio phone?")
            .addAnswers("ultraviolet green")
            .build());
    return support;
  }

  private static AdaptRequest.Builder gadgets() {
    return AdaptRequest.newBuilder()
        .setDomain("gadgets")
        .setBaseVersion("base")
        .setSupport(FixtureExamples.inline(supportWithOneUnanswerable()))
        .setEvaluation(FixtureExamples.dataset("gadgets"))
        .setParameters(HEADS)
        .setLearningRate(1e-3)
        .setRetrievalTopK(2)
        .setSeed(7)
        .setDescription("heads only, from base");
  }

  @Test
  void adaptsRegistersExportsAndPromotesANewVersion() throws Exception {
    AdaptResponse response =
        client.blocking.adapt(gadgets().setPromote(PromotePolicy.PROMOTE_POLICY_ALWAYS).build());

    var version = response.getVersion();
    assertThat(version.getDomain()).isEqualTo("gadgets");
    assertThat(version.getVersion()).matches("gadgets-v\\d+");
    assertThat(version.getKind()).isEqualTo(ModelKind.MODEL_KIND_ADAPTED);
    assertThat(version.getParentVersion()).isEqualTo("base");
    assertThat(version.getLineage().getAncestorsList()).containsExactly("base");
    assertThat(version.getLineage().getSourceDomainsList()).containsExactly("gadgets");
    assertThat(version.getLineage().getHyperparametersMap())
        .containsEntry("steps", "1")
        .containsEntry("inner_parameters", "PARAMETER_SUBSET_KIND_HEADS_ONLY")
        .containsEntry("seed", "7");
    assertThat(version.getLineage().getDataChecksumsMap())
        .containsKeys("inline", RetrieverWithFixtures.fixture("gadgets"));
    assertThat(version.getDescription()).isEqualTo("heads only, from base");
    Path pkg = Path.of(version.getPackagePath());
    assertThat(version.getChecksumsMap())
        .containsKeys("query-encoder.onnx", "reader.onnx", "tokenizer.json", "parameters.ndlist");
    for (String file : version.getChecksumsMap().keySet()) {
      assertThat(pkg.resolve(file)).isRegularFile();
    }
    assertThat(version.getSizeBytes()).isGreaterThan(Files.size(pkg.resolve("reader.onnx")));

    assertThat(response.getBefore().getExampleCount()).isEqualTo(10);
    assertThat(response.getAfter().getExampleCount()).isEqualTo(10);
    assertThat(response.getAfter().getRecallAt20()).isEqualTo(1.0);
    assertThat(response.getEvaluatedOnSupport()).isFalse();
    assertThat(response.getSupportExamplesUsed()).isEqualTo(7);
    assertThat(response.getSupportExamplesSkipped()).isEqualTo(1);
    assertThat(response.getExampleReportsList())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getExampleId()).isEqualTo("not-in-any-document");
              assertThat(r.getIndex()).isEqualTo(7);
              assertThat(r.getIssue()).isEqualTo(ExampleIssue.EXAMPLE_ISSUE_ANSWER_NOT_RETRIEVED);
              assertThat(r.getMessage()).contains("ultraviolet green");
            });
    var t = response.getTimings();
    assertThat(t.getTotalMillis())
        .isGreaterThanOrEqualTo(
            t.getRetrieveMillis()
                + t.getEvaluateBeforeMillis()
                + t.getAdaptMillis()
                + t.getEvaluateAfterMillis()
                + t.getExportMillis());

    assertThat(response.getPromoted()).isTrue();
    assertThat(version.getActive()).isTrue();
    var collection =
        client.retriever.describeCollection(
            DescribeCollectionRequest.newBuilder().setName("gadgets").build());
    assertThat(collection.getCollection().getQueryEncoder().getVersion())
        .isEqualTo(version.getVersion());
  }

  @Test
  void theStreamReportsEveryStageInOrderAndEndsWithTheResult() {
    Iterator<AdaptEvent> events =
        client.blocking.adaptStream(
            AdaptStreamRequest.newBuilder()
                .setRequest(gadgets().setSteps(2).setDomain("gadgets"))
                .build());
    List<AdaptEvent> all = new ArrayList<>();
    events.forEachRemaining(all::add);

    AdaptEvent last = all.get(all.size() - 1);
    assertThat(last.hasResult()).isTrue();
    List<AdaptStage> stages =
        all.subList(0, all.size() - 1).stream()
            .map(e -> e.getProgress().getStage())
            .distinct()
            .toList();
    assertThat(stages)
        .containsExactly(
            AdaptStage.ADAPT_STAGE_RETRIEVING,
            AdaptStage.ADAPT_STAGE_EVALUATING_BEFORE,
            AdaptStage.ADAPT_STAGE_ADAPTING,
            AdaptStage.ADAPT_STAGE_EVALUATING_AFTER,
            AdaptStage.ADAPT_STAGE_EXPORTING);
    assertThat(all)
        .filteredOn(e -> e.hasProgress() && e.getProgress().getStep() > 0)
        .extracting(e -> e.getProgress().getStep())
        .containsExactly(1, 2);
    assertThat(all)
        .filteredOn(e -> e.hasProgress() && e.getProgress().hasExampleReport())
        .singleElement()
        .satisfies(e -> assertThat(e.getProgress().getExampleReport().getIndex()).isEqualTo(7));
    assertThat(last.getResult().getPromoted()).isFalse();
    assertThat(last.getResult().getPromotionReason()).contains("policy NEVER");
  }

  @Test
  void aSecondAdaptationOfTheSameDomainWaitsForNothingAndIsRefused() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CompletableFuture<AdaptEvent> result = new CompletableFuture<>();
    client.async.adaptStream(
        AdaptStreamRequest.newBuilder().setRequest(gadgets()).build(),
        new StreamObserver<>() {
          @Override
          public void onNext(AdaptEvent event) {
            started.countDown();
            if (event.hasResult()) {
              result.complete(event);
            }
          }

          @Override
          public void onError(Throwable t) {
            result.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {}
        });
    assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();

    assertStatus(
        () -> client.blocking.adapt(gadgets().build()),
        Status.Code.FAILED_PRECONDITION,
        "an adaptation of domain 'gadgets' is already running");
    assertThat(result.get(120, TimeUnit.SECONDS).getResult().getVersion().getVersion())
        .startsWith("gadgets-v");
  }

  @Test
  void aGoldDocumentTheCollectionLacksIsReportedAndTheExampleJudgedByItsAnswers() {
    List<QaExample> support = new ArrayList<>(FixtureExamples.of("gadgets").subList(0, 7));
    support.set(2, support.get(2).toBuilder().setGoldDocumentId("no-such-document").build());

    AdaptResponse response =
        client.blocking.adapt(
            gadgets().setSupport(FixtureExamples.inline(support)).clearEvaluation().build());

    assertThat(response.getExampleReportsList())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getIndex()).isEqualTo(2);
              assertThat(r.getExampleId()).isEqualTo(support.get(2).getId());
              assertThat(r.getIssue())
                  .isEqualTo(ExampleIssue.EXAMPLE_ISSUE_GOLD_DOCUMENT_NOT_FOUND);
              assertThat(r.getMessage())
                  .contains("'no-such-document' is not in collection 'gadgets'");
            });
    assertThat(response.getSupportExamplesUsed()).isEqualTo(7);
    assertThat(response.getSupportExamplesSkipped()).isZero();
    // Judged against a document that cannot be retrieved, the example would miss at every k; by
    // its answer text, every example of this small collection is found within 20 passages.
    assertThat(response.getEvaluatedOnSupport()).isTrue();
    assertThat(response.getBefore().getRecallAt20()).isEqualTo(1.0);
  }

  @Test
  void aDataSetsQuestionsWithoutAnswerAreReportedOneByOne() throws Exception {
    // The gadget fixture as SQuAD 2.0, with an unanswerable question first.
    ObjectMapper json = new ObjectMapper();
    ObjectNode squad =
        (ObjectNode) json.readTree(Path.of(RetrieverWithFixtures.fixture("gadgets")).toFile());
    ArrayNode qas = (ArrayNode) squad.get("data").get(0).get("paragraphs").get(0).get("qas");
    ObjectNode impossible = json.createObjectNode();
    impossible.put("id", "gadgets-impossible").put("question", "Who designed the Lumio case?");
    impossible.putArray("answers");
    impossible.put("is_impossible", true);
    qas.insert(0, impossible);
    Path file = TestDatasets.root().resolve("gadgets-v2.json");
    json.writeValue(file.toFile(), squad);
    DatasetRef whole = DatasetRef.newBuilder().setPath(file.toString()).build();

    AdaptResponse response =
        client.blocking.adapt(
            gadgets()
                .setSupport(ExampleSource.newBuilder().setDataset(whole))
                .clearEvaluation()
                .build());

    assertThat(response.getExampleReportsList())
        .filteredOn(r -> r.getIssue() == ExampleIssue.EXAMPLE_ISSUE_NO_ANSWER)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getExampleId()).isEqualTo("gadgets-impossible");
              assertThat(r.getIndex()).isZero();
              assertThat(r.getQuestion()).isEqualTo("Who designed the Lumio case?");
              assertThat(r.getMessage()).contains("no answer text");
            });
    assertThat(response.getSupportExamplesSkipped())
        .isEqualTo(
            response.getExampleReportsList().stream()
                .filter(r -> r.getIssue() != ExampleIssue.EXAMPLE_ISSUE_GOLD_DOCUMENT_NOT_FOUND)
                .count());

    // With a limit only answerable questions are drawn: nothing to report about the others.
    AdaptResponse limited =
        client.blocking.adapt(
            gadgets()
                .setSupport(ExampleSource.newBuilder().setDataset(whole.toBuilder().setLimit(5)))
                .clearEvaluation()
                .build());
    assertThat(limited.getExampleReportsList())
        .noneMatch(r -> r.getIssue() == ExampleIssue.EXAMPLE_ISSUE_NO_ANSWER);
  }

  @Test
  void noUsableSupportExampleIsAFailedPreconditionAndRegistersNothing() {
    QaExample nowhere =
        QaExample.newBuilder()
            .setQuestion("Who built the pyramids?")
            .addAnswers("ultraviolet green")
            .build();
    int before =
        client
            .blocking
            .listVersions(
                dev.metarag.proto.v1.ListVersionsRequest.newBuilder().setDomain("garden").build())
            .getVersionsCount();

    assertStatus(
        () ->
            client.blocking.adapt(
                gadgets()
                    .setDomain("garden")
                    .setSupport(FixtureExamples.inline(List.of(nowhere)))
                    .clearEvaluation()
                    .build()),
        Status.Code.FAILED_PRECONDITION,
        "no support example has its answer");
    assertThat(
            client
                .blocking
                .listVersions(
                    dev.metarag.proto.v1.ListVersionsRequest.newBuilder()
                        .setDomain("garden")
                        .build())
                .getVersionsCount())
        .isEqualTo(before);
  }
}
