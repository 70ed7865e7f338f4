package dev.metarag.trainer.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metarag.proto.v1.GeneralReaderSpec;
import dev.metarag.proto.v1.GetJobRequest;
import dev.metarag.proto.v1.Job;
import dev.metarag.proto.v1.JobKind;
import dev.metarag.proto.v1.JobProgress;
import dev.metarag.proto.v1.JobSpec;
import dev.metarag.proto.v1.JobState;
import dev.metarag.proto.v1.ModelKind;
import dev.metarag.proto.v1.ParameterSubset;
import dev.metarag.proto.v1.ParameterSubsetKind;
import dev.metarag.proto.v1.StartJobRequest;
import dev.metarag.proto.v1.WatchJobRequest;
import dev.metarag.registry.VersionRegistry;
import dev.metarag.testing.grpc.RetrieverWithFixtures;
import dev.metarag.trainer.support.TinyJobSpecs;
import dev.metarag.trainer.support.TrainerClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A general-reader job end to end on the tiny model: the real retriever finds each question's gold
 * passage and a hard negative, a real worker JVM trains, the job registers {@code general-<n>}, and
 * a meta-training job that names no base model then starts from it.
 */
@QuarkusTest
@QuarkusTestResource(
    value = RetrieverWithFixtures.class,
    restrictToAnnotatedClass = true,
    initArgs = @ResourceArg(name = "property", value = "metarag.trainer.retriever"))
class GeneralReaderJobTest {
  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(4);
  private TrainerClient client;
  private final List<String> registered = new ArrayList<>();

  @BeforeEach
  void connect() {
    client = new TrainerClient();
  }

  /** Leaves the registry without general versions, which would change other tests' defaults. */
  @AfterEach
  void cleanUp() {
    client.close();
    VersionRegistry registry =
        new VersionRegistry(
            Path.of(
                ConfigProvider.getConfig().getValue("metarag.trainer.registry-dir", String.class)));
    for (String version : registered.reversed()) {
      registry.delete("", version, v -> false);
    }
  }

  private static JobSpec generalReader() {
    ParameterSubset topLayer =
        ParameterSubset.newBuilder()
            .setKind(ParameterSubsetKind.PARAMETER_SUBSET_KIND_TOP_LAYERS)
            .setTopLayers(1)
            .build();
    return JobSpec.newBuilder()
        .setKind(JobKind.JOB_KIND_GENERAL_READER)
        .addDomains(TinyJobSpecs.domain("gadgets"))
        .addEvaluationDomains(TinyJobSpecs.domain("garden"))
        .setEvaluationExamples(3)
        .setEvaluateEvery(3)
        .setCheckpointEvery(2)
        .setRetrievalTopK(3)
        .setTrainableParameters(topLayer)
        .setSeed(20_261_207L)
        .setGeneralReader(
            GeneralReaderSpec.newBuilder()
                .setEpochs(2)
                .setBatchSize(4)
                .setLearningRate(3e-3)
                .setHardNegatives(1))
        .build();
  }

  private Job start(JobSpec spec) {
    return client.blocking.startJob(StartJobRequest.newBuilder().setSpec(spec).build()).getJob();
  }

  private List<JobProgress> watch(Job job) {
    List<JobProgress> progress = new ArrayList<>();
    client
        .blocking
        .withDeadlineAfter(JOB_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
        .watchJob(WatchJobRequest.newBuilder().setJobId(job.getId()).build())
        .forEachRemaining(progress::add);
    return progress;
  }

  private Job get(String id) {
    return client.blocking.getJob(GetJobRequest.newBuilder().setJobId(id).build()).getJob();
  }

  @Test
  void aGeneralReaderIsTrainedRegisteredAndBecomesMetaTrainingsStartingPoint() {
    Job job = start(generalReader());
    // 10 gadgets questions in batches of 4, twice.
    assertThat(job.getTotalSteps()).isEqualTo(6);

    List<JobProgress> progress = watch(job);
    JobProgress last = progress.getLast();
    assertThat(last.getState()).as(last.getMessage()).isEqualTo(JobState.JOB_STATE_SUCCEEDED);
    assertThat(progress)
        .anyMatch(p -> p.getMessage().contains("10/10 questions, gold passage among the top 20"));
    assertThat(progress).anyMatch(p -> p.getStep() >= 2 && p.getQuestionsPerSecond() > 0);
    assertThat(progress).anyMatch(p -> p.getEvaluationMap().containsKey("garden"));

    Job done = get(job.getId());
    String general = done.getResult().getVersion();
    registered.add(general);
    assertThat(done.getResult().getKind()).isEqualTo(ModelKind.MODEL_KIND_GENERAL);
    assertThat(general).startsWith("general-");
    assertThat(done.getResult().getLineage().getHyperparametersMap())
        .containsEntry("kind", "JOB_KIND_GENERAL_READER")
        .containsEntry("hard_negatives", "1")
        .containsEntry("epochs", "2");
    assertThat(done.getResult().getLineage().getAncestorsList()).containsExactly("base");
    assertThat(Path.of(done.getResult().getPackagePath()).resolve("parameters.ndlist"))
        .isRegularFile();

    // A meta-training job that names no base model starts from the general reader.
    Job meta = start(TinyJobSpecs.fomaml(2, 2).build());
    assertThat(meta.getSpec().getBaseModelVersion()).isEqualTo(general);
    JobProgress metaLast = watch(meta).getLast();
    assertThat(metaLast.getState())
        .as(metaLast.getMessage())
        .isEqualTo(JobState.JOB_STATE_SUCCEEDED);
    Job metaDone = get(meta.getId());
    registered.add(metaDone.getResult().getVersion());
    assertThat(metaDone.getResult().getParentVersion()).isEqualTo(general);
    assertThat(metaDone.getResult().getLineage().getAncestorsList())
        .containsExactly("base", general);
  }
}
