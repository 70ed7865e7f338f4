package dev.metarag.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.metarag.it.story.QaDomain;
import dev.metarag.it.story.Story;
import dev.metarag.it.story.StoryLog;
import dev.metarag.it.suite.Service;
import dev.metarag.it.suite.Suite;
import dev.metarag.proto.v1.AdaptRequest;
import dev.metarag.proto.v1.AdaptResponse;
import dev.metarag.proto.v1.AnswerRequest;
import dev.metarag.proto.v1.AnswerResponse;
import dev.metarag.proto.v1.Citation;
import dev.metarag.proto.v1.CollectionInfo;
import dev.metarag.proto.v1.DatasetRef;
import dev.metarag.proto.v1.Document;
import dev.metarag.proto.v1.ExampleSource;
import dev.metarag.proto.v1.InlineExamples;
import dev.metarag.proto.v1.Job;
import dev.metarag.proto.v1.JobProgress;
import dev.metarag.proto.v1.JobSpec;
import dev.metarag.proto.v1.JobState;
import dev.metarag.proto.v1.LocalExecutorSpec;
import dev.metarag.proto.v1.MetaAlgorithm;
import dev.metarag.proto.v1.MetadataFilter;
import dev.metarag.proto.v1.ModelKind;
import dev.metarag.proto.v1.ModelVersion;
import dev.metarag.proto.v1.ParameterSubset;
import dev.metarag.proto.v1.ParameterSubsetKind;
import dev.metarag.proto.v1.PromotePolicy;
import dev.metarag.proto.v1.QaExample;
import dev.metarag.proto.v1.RetrievalMode;
import dev.metarag.proto.v1.RetrieveRequest;
import dev.metarag.proto.v1.RetrievedPassage;
import dev.metarag.proto.v1.RetrieverGrpc;
import dev.metarag.proto.v1.SourceDomain;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole story on real data, over gRPC, against the four packaged services run as processes on
 * one data directory: three domains of the shared data sets are ingested; a short LOCAL
 * meta-training job on the real MiniLM model learns a theta0 from two of them; the third, held out,
 * adapts from that theta0 with 16 examples, evaluated before and after; the new version is promoted
 * and answers name it; a rollback and answers name the theta0 again; every service is restarted and
 * nothing is lost; the retriever is killed with SIGKILL in the middle of a streaming ingest and
 * every document it acknowledged is there after its restart. Each test is one step and relies on
 * the ones before it. Skipped, saying which data set is missing, without the shared data.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployStoryIT {
  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(20);
  private static final Duration ADAPT_TIMEOUT = Duration.ofMinutes(20);
  private static final Duration SWAP_TIMEOUT = Duration.ofMinutes(1);
  private static final long SEED = 20_261_201L;

  @RegisterExtension static final Workspace.FailureWatcher watcher = new Workspace.FailureWatcher();
  private static Path home;
  private static Suite suite;
  private static Story story;
  private static QaDomain wikipedia;
  private static QaDomain hotels;
  private static QaDomain privacy;
  private static QaDomain.Split privacySplit;
  private static String theta0;
  private static String adapted;

  @BeforeAll
  static void startTheSuite() throws Exception {
    Assumptions.assumeTrue(SharedDomains.missing().isEmpty(), SharedDomains.missing().orElse(""));
    home = Workspace.newHome("deploy-story");
    // Written where the services read data set files by path: metarag.data-root, <home>/data.
    Path data = home.resolve("data");
    wikipedia = SharedDomains.wikipedia(data);
    hotels = SharedDomains.hotels(data);
    privacy = SharedDomains.privacy(data);
    privacySplit = privacy.split(16, 16, SEED);
    suite =
        Suite.builder(Workspace.repoRoot(), home)
            .sharedData(dev.metarag.data.SharedData.locate().orElseThrow())
            .logs(Workspace.logs("deploy-story"))
            .start();
    story =
        new Story(
            suite.channel(Service.RETRIEVER),
            suite.channel(Service.GENERATOR),
            suite.channel(Service.META_TRAINER),
            suite.channel(Service.ADAPTER),
            new StoryLog(System.out));
  }

  @AfterAll
  static void stopTheSuite() throws Exception {
    if (suite != null) {
      suite.close();
    }
    watcher.cleanUp(home);
  }

  @Test
  @Order(1)
  void threeDomainsAreIngestedIntoTheirCollections() {
    for (QaDomain domain : List.of(wikipedia, hotels, privacy)) {
      Story.Ingested ingested = story.ingest(domain);
      assertThat(ingested.response().getDocumentsUpserted()).isEqualTo(domain.documents().size());
      assertThat(ingested.collection().getDocumentCount()).isEqualTo(domain.documents().size());
      assertThat(ingested.collection().getPassageCount())
          .isGreaterThanOrEqualTo(domain.documents().size());
    }
    assertThat(story.collections())
        .extracting(CollectionInfo::getName)
        .containsExactly("hotels", "privacy", "wikipedia");
  }

  @Test
  @Order(2)
  void aShortLocalMetaTrainingJobOnTheRealModelLearnsATheta0FromTwoDomains() {
    Story.Trained trained = story.metaTrain(metaTrainingSpec(), JOB_TIMEOUT);

    Job job = trained.job();
    assertThat(job.getState()).as(job.getMessage()).isEqualTo(JobState.JOB_STATE_SUCCEEDED);
    assertThat(job.getStep()).isEqualTo(3);
    // One meta-loss per step, and an evaluation on the held-out domain at step 0 and at the end.
    Set<Long> trainedSteps =
        trained.progress().stream()
            .filter(p -> p.getMetaLoss() > 0)
            .map(JobProgress::getStep)
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(trainedSteps).containsExactly(1L, 2L, 3L);
    Set<Long> evaluatedSteps =
        trained.progress().stream()
            .filter(p -> p.getEvaluationMap().containsKey("privacy"))
            .map(JobProgress::getStep)
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(evaluatedSteps).containsExactly(0L, 3L);
    assertThat(job.getCheckpointsList()).isNotEmpty();

    ModelVersion result = job.getResult();
    assertThat(result.getKind()).isEqualTo(ModelKind.MODEL_KIND_THETA0);
    assertThat(result.getLineage().getSourceDomainsList()).containsExactly("wikipedia", "hotels");
    assertThat(result.getLineage().getPretrainedModel()).isEqualTo("all-minilm-l6-v2");
    // A real-model theta0 carries the ONNX graphs the generator serves.
    assertThat(Path.of(result.getPackagePath()).resolve("reader.onnx")).isRegularFile();
    assertThat(Path.of(result.getPackagePath()).resolve("query-encoder.onnx")).isRegularFile();
    theta0 = result.getVersion();
    assertThat(story.sharedVersions().getVersionsList())
        .extracting(ModelVersion::getVersion)
        .containsExactly(theta0, "base");
  }

  @Test
  @Order(3)
  void theHeldOutDomainAdaptsFromThatTheta0WithSixteenExamples() {
    Assumptions.assumeTrue(theta0 != null, "meta-training did not produce a theta0");
    AdaptResponse a =
        story.adapt(
            AdaptRequest.newBuilder()
                .setDomain("privacy")
                .setBaseVersion(theta0)
                .setSupport(inline(privacySplit.support()))
                .setEvaluation(inline(privacySplit.evaluation()))
                .setPromote(PromotePolicy.PROMOTE_POLICY_NEVER)
                .setSeed(SEED)
                .setDescription("deploy story")
                .build(),
            ADAPT_TIMEOUT);

    assertThat(a.getBase().getVersion()).isEqualTo(theta0);
    assertThat(a.getBase().getKind()).isEqualTo(ModelKind.MODEL_KIND_THETA0);
    assertThat(a.getSupportExamplesUsed() + a.getSupportExamplesSkipped()).isEqualTo(16);
    assertThat(a.getSupportExamplesUsed()).isPositive();
    assertThat(a.getEvaluatedOnSupport()).isFalse();
    assertThat(a.getBefore().getExampleCount()).isEqualTo(16);
    assertThat(a.getAfter().getExampleCount()).isEqualTo(16);
    assertThat(a.getPromoted()).isFalse();
    // What the theta0 was meta-trained with is how it adapts: its inner loop's parameters and rate.
    var lineage = a.getVersion().getLineage();
    assertThat(lineage.getAncestorsList()).containsExactly("base", theta0);
    assertThat(lineage.getAlgorithm()).isEqualTo(MetaAlgorithm.META_ALGORITHM_ANIL);
    assertThat(lineage.getHyperparametersMap())
        .containsEntry("inner_parameters", "PARAMETER_SUBSET_KIND_HEADS_ONLY");
    adapted = a.getVersion().getVersion();
    assertThat(adapted).isEqualTo("privacy-v1");
  }

  @Test
  @Order(4)
  void afterPromotionAnswersNameTheAdaptedVersion() {
    Assumptions.assumeTrue(adapted != null, "no adapted version");
    assertThat(story.serving("privacy").getVersion()).isEqualTo(theta0);

    story.promote("privacy", adapted, SWAP_TIMEOUT);

    AnswerResponse answer = ask(privacySplit.evaluation().get(0));
    assertThat(answer.getModel().getVersion()).isEqualTo(adapted);
    assertThat(answer.getModel().getIsBase()).isFalse();
    assertThat(story.describe("privacy").getQueryEncoder().getVersion()).isEqualTo(adapted);
  }

  @Test
  @Order(5)
  void afterRollbackAnswersNameThePreviousVersion() {
    Assumptions.assumeTrue(adapted != null, "no adapted version");
    var rollback = story.rollback("privacy", theta0, SWAP_TIMEOUT);

    assertThat(rollback.getRolledBack().getVersion()).isEqualTo(adapted);
    assertThat(rollback.getServingDefault()).isTrue();
    AnswerResponse answer = ask(privacySplit.evaluation().get(0));
    assertThat(answer.getModel().getVersion()).isEqualTo(theta0);
    assertThat(answer.getModel().getIsBase()).isTrue();
  }

  @Test
  @Order(6)
  void aRestartOfEveryServiceLosesNothing() throws Exception {
    Assumptions.assumeTrue(adapted != null, "no adapted version");
    // Promoted again, so that there is an active version to keep.
    story.promote("privacy", adapted, SWAP_TIMEOUT);
    State before = State.of(story);

    story.log().step("Restart every service (SIGTERM, then start on the same ports and data)");
    long start = System.nanoTime();
    suite.restartAll();
    story.log().line("all four serve again after %.1f s", (System.nanoTime() - start) / 1e9);

    State after = State.of(story);
    assertThat(after).isEqualTo(before);
    assertThat(after.activeVersion()).isEqualTo(adapted);
    story.awaitServing("privacy", adapted, SWAP_TIMEOUT);
    AnswerResponse answer = ask(privacySplit.evaluation().get(1));
    assertThat(answer.getModel().getVersion()).isEqualTo(adapted);
  }

  @Test
  @Order(7)
  void everyAcknowledgedDocumentSurvivesAKill9OfTheRetrieverDuringAStreamingIngest()
      throws Exception {
    story.log().step("Kill -9 the retriever during a streaming ingest");
    story.ensureCollection("durability", "documents streamed while the retriever is killed");
    // Three streams acknowledged: the retriever replies only after their commit.
    Set<String> acknowledged = new TreeSet<>();
    for (int stream = 1; stream <= 3; stream++) {
      List<Document> batch = notes(stream, 5);
      var ack = story.ingest("durability", batch);
      assertThat(ack.getDocumentsUpserted()).isEqualTo(5);
      batch.forEach(d -> acknowledged.add(d.getId()));
    }
    // A fourth stream stays open: more than one indexing batch (16) is sent, so the retriever has
    // indexed and shows some of it, but nothing of it is committed or acknowledged.
    Story.IngestStream open = story.openIngest("durability");
    List<Document> unacknowledged = notes(4, 20);
    unacknowledged.forEach(open::send);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> documentsOf("durability", List.of("b4")).size() >= 16);
    story
        .log()
        .line(
            "%d documents acknowledged in 3 streams; stream 4 open, %d of its documents searchable",
            acknowledged.size(), documentsOf("durability", List.of("b4")).size());

    long pid = suite.pid(Service.RETRIEVER);
    suite.kill(Service.RETRIEVER);
    story.log().line("retriever (pid %d) killed with SIGKILL", pid);
    ExecutionException lost =
        org.junit.jupiter.api.Assertions.assertThrows(
            ExecutionException.class, () -> open.reply().get(30, TimeUnit.SECONDS));
    assertThat(Status.fromThrowable(lost.getCause()).getCode()).isEqualTo(Status.Code.UNAVAILABLE);

    long start = System.nanoTime();
    suite.start(Service.RETRIEVER);
    story
        .log()
        .line(
            "retriever started again on the same port and data in %.1f s",
            (System.nanoTime() - start) / 1e9);
    Set<String> found = documentsOf("durability", List.of("b1", "b2", "b3", "b4"));
    assertThat(found).containsAll(acknowledged);
    Set<String> survivors = new HashSet<>(found);
    survivors.retainAll(unacknowledged.stream().map(Document::getId).toList());
    story
        .log()
        .line(
            "after the restart: all %d acknowledged documents are there; %d of the %d never"
                + " acknowledged survived (uncommitted work is lost: send the stream again)",
            acknowledged.size(), survivors.size(), unacknowledged.size());
    assertThat(story.describe("durability").getDocumentCount())
        .isGreaterThanOrEqualTo(acknowledged.size());

    // The generator reconnects to the restarted retriever by itself.
    start = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptionsInstanceOf(StatusRuntimeException.class)
        .until(() -> ask(privacySplit.evaluation().get(2)).getModel().getVersion().equals(adapted));
    story.log().line("the generator answers again after %.1f s", (System.nanoTime() - start) / 1e9);
  }

  private static JobSpec metaTrainingSpec() {
    ParameterSubset topLayer =
        ParameterSubset.newBuilder()
            .setKind(ParameterSubsetKind.PARAMETER_SUBSET_KIND_TOP_LAYERS)
            .setTopLayers(1)
            .build();
    return JobSpec.newBuilder()
        .setDisplayName("deploy story")
        .setAlgorithm(MetaAlgorithm.META_ALGORITHM_ANIL)
        .addDomains(source(wikipedia))
        .addDomains(source(hotels))
        .addEvaluationDomains(source(privacy))
        .setSupportSize(2)
        .setQuerySize(2)
        .setMetaBatchSize(2)
        .setMetaSteps(3)
        .setInnerLearningRate(0.3)
        .setOuterLearningRate(1e-4)
        // The outer loop trains the top layer and the heads; ANIL's inner loop the heads only.
        .setTrainableParameters(topLayer)
        .setCheckpointEvery(2)
        .setEvaluateEvery(3)
        .setEvaluationExamples(8)
        .setRetrievalTopK(3)
        .setSeed(SEED)
        .setLocal(LocalExecutorSpec.newBuilder().setThreads(2))
        .build();
  }

  private static SourceDomain source(QaDomain domain) {
    return SourceDomain.newBuilder()
        .setName(domain.name())
        .setDataset(DatasetRef.newBuilder().setPath(domain.file().toString()))
        .build();
  }

  private static ExampleSource inline(List<QaExample> examples) {
    return ExampleSource.newBuilder()
        .setInline(InlineExamples.newBuilder().addAllExamples(examples))
        .build();
  }

  /** Asks a held-out question without a threshold, so that there is an answer to cite. */
  private static AnswerResponse ask(QaExample question) {
    AnswerResponse answer =
        story.answer(
            AnswerRequest.newBuilder()
                .setDomain("privacy")
                .setQuestion(question.getQuestion())
                .setMinConfidence(0)
                .build());
    assertThat(answer.getAbstained()).isFalse();
    assertThat(answer.getCitationsList()).isNotEmpty();
    for (Citation c : answer.getCitationsList()) {
      assertThat(privacy.document(c.getDocumentId()).getText())
          .as("the cited span of %s", c.getDocumentId())
          .satisfies(
              text ->
                  assertThat(text.substring(c.getStartChar(), c.getEndChar()))
                      .isEqualTo(answer.getAnswer()));
    }
    return answer;
  }

  /** Short made-up documents for the durability check, tagged with their stream. */
  private static List<Document> notes(int stream, int count) {
    List<Document> out = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      out.add(
          Document.newBuilder()
              .setId("s" + stream + "-note-" + i)
              .setTitle("durability note")
              .setText(
                  "Durability note "
                      + i
                      + " of stream "
                      + stream
                      + ": the harbour log records "
                      + (i * 7 + stream)
                      + " boats on this day.")
              .putMetadata("batch", "b" + stream)
              .build());
    }
    return out;
  }

  /** The ids of the documents of these streams that the retriever finds now. */
  private static Set<String> documentsOf(String collection, List<String> batches) {
    RetrieverGrpc.RetrieverBlockingStub retriever =
        RetrieverGrpc.newBlockingStub(suite.channel(Service.RETRIEVER))
            .withDeadlineAfter(30, TimeUnit.SECONDS);
    return retriever
        .retrieve(
            RetrieveRequest.newBuilder()
                .setCollection(collection)
                .setQuery("durability note harbour log")
                .setMode(RetrievalMode.RETRIEVAL_MODE_BM25)
                .setTopK(100)
                .addFilters(MetadataFilter.newBuilder().setKey("batch").addAllAnyOf(batches))
                .build())
        .getPassagesList()
        .stream()
        .map(RetrievedPassage::getDocumentId)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** What a restart must keep: collections and counts, jobs, versions and the active one. */
  private record State(
      List<String> collections,
      List<String> jobs,
      List<String> sharedVersions,
      List<String> privacyVersions,
      String activeVersion,
      String privacyQueryEncoder) {

    static State of(Story story) {
      return new State(
          story.collections().stream()
              .map(c -> c.getName() + ":" + c.getDocumentCount() + "/" + c.getPassageCount())
              .toList(),
          story.jobs().stream()
              .map(j -> j.getId() + ":" + j.getState() + ":" + j.getResult().getVersion())
              .toList(),
          story.sharedVersions().getVersionsList().stream().map(ModelVersion::getVersion).toList(),
          story.versions("privacy").getVersionsList().stream()
              .map(v -> v.getVersion() + ":" + v.getActive())
              .toList(),
          story.versions("privacy").getActiveVersion(),
          story.describe("privacy").getQueryEncoder().getVersion());
    }
  }
}
