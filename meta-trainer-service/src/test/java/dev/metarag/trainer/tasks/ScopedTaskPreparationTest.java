package dev.metarag.trainer.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metarag.data.confine.ConfinedRoot;
import dev.metarag.data.select.DatasetSelection;
import dev.metarag.jobs.CandidatePool;
import dev.metarag.jobs.JobDirectory;
import dev.metarag.jobs.TaskExample;
import dev.metarag.jobs.WorkerConfig;
import dev.metarag.proto.v1.CreateCollectionRequest;
import dev.metarag.proto.v1.Document;
import dev.metarag.proto.v1.IngestRequest;
import dev.metarag.proto.v1.IngestResponse;
import dev.metarag.proto.v1.InlineExamples;
import dev.metarag.proto.v1.Job;
import dev.metarag.proto.v1.JobSpec;
import dev.metarag.proto.v1.JobState;
import dev.metarag.proto.v1.MetaAlgorithm;
import dev.metarag.proto.v1.MetadataFilter;
import dev.metarag.proto.v1.QaExample;
import dev.metarag.proto.v1.RetrieverGrpc;
import dev.metarag.proto.v1.SourceDomain;
import dev.metarag.testing.TestDatasets;
import dev.metarag.testing.grpc.RetrieverWithFixtures;
import dev.metarag.trainer.config.TrainerConfig;
import dev.metarag.trainer.job.JobStore;
import dev.metarag.trainer.spec.JobSpecValidator;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A question's metadata filters scope the retrieval of its task candidates and evaluation pool,
 * against the real retriever over gRPC: three privacy policies say "thirty days", each a document
 * with its own {@code policy} metadata; a question scoped to one policy gets that policy's passages
 * only, the same question unscoped gets the others too. The filters are kept in the job's record,
 * so a restarted trainer, reading the record back, prepares the very same files.
 */
class ScopedTaskPreparationTest {
  private static final String COLLECTION = "policies";
  private static final String[][] POLICIES = {
    {"acme", "Acme keeps your data for thirty days. Acme shares it with advertisers in Ohio."},
    {"globex", "Globex keeps your data for thirty days. Globex shares it with partners in Utah."},
    {"initech", "Initech keeps your data for thirty days. Initech shares it with banks in Iowa."},
  };
  private static RetrieverWithFixtures retriever;
  private static ManagedChannel channel;

  @TempDir Path temp;

  @BeforeAll
  static void startRetriever() throws Exception {
    retriever = new RetrieverWithFixtures();
    retriever.init(Map.of());
    retriever.start();
    channel =
        ManagedChannelBuilder.forTarget(RetrieverWithFixtures.target()).usePlaintext().build();
    ingestPolicies();
  }

  @AfterAll
  static void stopRetriever() {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (retriever != null) {
      retriever.stop();
    }
  }

  @Test
  void filtersScopeTheCandidatesAndPoolsAndARestartPreparesTheSameFiles() throws Exception {
    JobSpec spec =
        JobSpecValidator.validate(
            JobSpec.newBuilder()
                .setAlgorithm(MetaAlgorithm.META_ALGORITHM_FOMAML)
                .addDomains(domain("scoped", "globex"))
                .addDomains(domain("whole", null))
                .addEvaluationDomains(domain("held", "globex"))
                .setSupportSize(1)
                .setQuerySize(1)
                .setRetrievalTopK(3)
                .setEvaluationExamples(1)
                .setMetaSteps(1)
                .setSeed(7)
                .build());
    TaskPreparation preparation = preparation();
    JobDirectory first = new JobDirectory(temp.resolve("first"));
    preparation.prepare("mt-1", spec, preparation.check(spec), "tiny", null, first, message -> {});

    WorkerConfig config = first.readConfig();
    List<TaskExample> scoped = first.readTasks(config.domains().get(0).tasksFile());
    List<TaskExample> whole = first.readTasks(config.domains().get(1).tasksFile());
    assertThat(scoped).hasSize(2);
    for (TaskExample e : scoped) {
      assertThat(e.candidates()).isNotEmpty();
      assertThat(e.candidates()).allSatisfy(p -> assertThat(p.passageId()).startsWith("globex#"));
    }
    // The same questions, unscoped: every policy's passage.
    for (TaskExample e : whole) {
      assertThat(e.candidates())
          .extracting(TaskExample.Passage::passageId)
          .containsExactlyInAnyOrder("acme#0", "globex#0", "initech#0");
    }

    // The evaluation domain's questions get a pool (the support question and the scored one),
    // within their filters.
    WorkerConfig.Domain held = config.evaluationDomains().get(0);
    assertThat(config.domains()).allSatisfy(d -> assertThat(d.poolFile()).isNull());
    assertThat(held.poolFile()).isEqualTo(JobDirectory.poolFileName("held"));
    CandidatePool pool = first.readPool(held.poolFile());
    assertThat(pool.depth()).isEqualTo(CandidateRetrieval.POOL_DEPTH);
    assertThat(pool.questions()).hasSize(2);
    assertThat(pool.of(0)).extracting(TaskExample.Passage::passageId).containsExactly("globex#0");
    assertThat(pool.of(0).get(0).embedding()).hasSize(384);

    // The record keeps the filters: a restarted trainer reads the spec back and prepares again.
    JobStore store = new JobStore(temp.resolve("jobs"));
    String id = store.newId();
    store.save(
        Job.newBuilder().setId(id).setSpec(spec).setState(JobState.JOB_STATE_PENDING).build());
    JobSpec stored = new JobStore(temp.resolve("jobs")).get(id).orElseThrow().getSpec();
    assertThat(stored).isEqualTo(spec);
    assertThat(stored.getDomains(0).getExamples().getExamples(0).getFiltersList())
        .containsExactly(globex());
    JobDirectory again = new JobDirectory(temp.resolve("again"));
    preparation.prepare(
        "mt-1", stored, preparation.check(stored), "tiny", null, again, message -> {});
    for (String file :
        List.of(
            config.domains().get(0).tasksFile(),
            config.domains().get(1).tasksFile(),
            held.tasksFile(),
            held.poolFile(),
            JobDirectory.CONFIG_FILE)) {
      assertThat(again.root().resolve(file)).hasSameBinaryContentAs(first.root().resolve(file));
    }
  }

  private static MetadataFilter globex() {
    return MetadataFilter.newBuilder().setKey("policy").addAnyOf("globex").build();
  }

  /** Two questions on the policies, scoped to {@code policy} unless it is null. */
  private static SourceDomain domain(String name, String policy) {
    InlineExamples.Builder examples = InlineExamples.newBuilder();
    for (String[] qa :
        new String[][] {
          {"How long is my data kept?", "thirty days"},
          {"Who is my data shared with?", "partners"},
        }) {
      QaExample.Builder e = QaExample.newBuilder().setQuestion(qa[0]).addAnswers(qa[1]);
      if (policy != null) {
        e.addFilters(MetadataFilter.newBuilder().setKey("policy").addAnyOf(policy));
      }
      examples.addExamples(e);
    }
    return SourceDomain.newBuilder()
        .setName(name)
        .setCollection(COLLECTION)
        .setExamples(examples)
        .build();
  }

  private static TaskPreparation preparation() {
    return new TaskPreparation(
        new DatasetLoader(
            new DatasetSelection(
                new ConfinedRoot(TrainerConfig.DATA_ROOT, TestDatasets.root()),
                new ConfinedRoot(TrainerConfig.SHARED_DATA, TestDatasets.outside()))),
        new CandidateRetrieval(RetrieverGrpc.newBlockingStub(channel)));
  }

  private static void ingestPolicies() throws Exception {
    RetrieverGrpc.newBlockingStub(channel)
        .createCollection(CreateCollectionRequest.newBuilder().setName(COLLECTION).build());
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
    List<IngestRequest> requests = new ArrayList<>();
    for (String[] policy : POLICIES) {
      IngestRequest.Builder r = IngestRequest.newBuilder();
      if (requests.isEmpty()) {
        r.setCollection(COLLECTION);
      }
      r.setDocument(
          Document.newBuilder()
              .setId(policy[0])
              .setTitle(policy[0] + " privacy policy")
              .setText(policy[1])
              .putMetadata("policy", policy[0]));
      requests.add(r.build());
    }
    requests.forEach(ingest::onNext);
    ingest.onCompleted();
    done.get(60, TimeUnit.SECONDS);
  }
}
