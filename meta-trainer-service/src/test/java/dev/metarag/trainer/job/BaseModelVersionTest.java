package dev.metarag.trainer.job;

import static dev.metarag.testing.grpc.StatusAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.metarag.jobs.JobDirectory;
import dev.metarag.jobs.ProgressEvent;
import dev.metarag.jobs.WorkerConfig;
import dev.metarag.proto.v1.GetJobRequest;
import dev.metarag.proto.v1.Job;
import dev.metarag.proto.v1.JobSpec;
import dev.metarag.proto.v1.JobState;
import dev.metarag.proto.v1.ModelVersion;
import dev.metarag.proto.v1.StartJobRequest;
import dev.metarag.testing.grpc.RetrieverWithFixtures;
import dev.metarag.trainer.support.RegisteredVersions;
import dev.metarag.trainer.support.TinyJobSpecs;
import dev.metarag.trainer.support.TrainerClient;
import io.grpc.Status;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code spec.base_model_version}: a job starts from the named version, found in the model registry
 * at StartJob, and its theta0 descends from it. The trainer trains the tiny model; jobs run in real
 * worker JVMs on tasks the real retriever prepared.
 */
@QuarkusTest
@QuarkusTestResource(
    value = RetrieverWithFixtures.class,
    restrictToAnnotatedClass = true,
    initArgs = @ResourceArg(name = "property", value = "metarag.trainer.retriever"))
class BaseModelVersionTest {
  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(4);
  private TrainerClient client;

  @BeforeEach
  void connect() {
    client = new TrainerClient();
  }

  @AfterEach
  void disconnect() {
    client.close();
  }

  /** FOMAML evaluated on the held-out garden domain at step 0 and after the last step only. */
  private static JobSpec.Builder spec(int steps) {
    return TinyJobSpecs.fomaml(steps, steps)
        .addEvaluationDomains(TinyJobSpecs.domain("garden"))
        .setEvaluationExamples(2)
        .setEvaluateEvery(steps)
        .setOuterLearningRate(0.01);
  }

  @Test
  void aJobStartsFromTheNamedVersionAndItsTheta0DescendsFromIt() throws Exception {
    Job first = run(spec(6).build());
    ModelVersion parent = first.getResult();
    double parentStart = gardenLoss(first, 0);
    double parentEnd = gardenLoss(first, 6);
    // Training moved the parent away from where a job of this seed starts by itself...
    assertThat(Math.abs(parentEnd - parentStart)).isGreaterThan(1e-3);

    Job second = run(spec(1).setBaseModelVersion(parent.getVersion()).build());

    // ...and the same seed's second job starts from the parent: its step-0 evaluation (adapting
    // the starting parameters to garden) scores what the parent's final evaluation scored.
    assertThat(gardenLoss(second, 0)).isCloseTo(parentEnd, within(1e-4));
    ModelVersion child = second.getResult();
    assertThat(child.getParentVersion()).isEqualTo(parent.getVersion());
    assertThat(child.getLineage().getAncestorsList()).containsExactly("base", parent.getVersion());
    assertThat(child.getLineage().getPretrainedModel()).isEqualTo(WorkerConfig.MODEL_TINY);
    assertThat(parent.getLineage().getAncestorsList()).containsExactly("base");
    // The worker read its own copy of the parent, which the configuration names relatively.
    JobDirectory job = directory(second);
    assertThat(job.readConfig().baseVersion())
        .isEqualTo(
            new WorkerConfig.BaseVersion(
                parent.getVersion(), List.of("base"), JobDirectory.BASE_MODEL_DIR));
    assertThat(job.baseModelDir().resolve("parameters.ndlist")).isRegularFile();
  }

  @Test
  void anUnknownVersionIsNotFoundNamingTheField() {
    JobSpec unknown = spec(1).setBaseModelVersion("theta0-404").build();

    assertStatus(
        () -> start(unknown, false),
        Status.Code.NOT_FOUND,
        "spec.base_model_version: model version 'theta0-404' does not exist in the model"
            + " registry");
    assertStatus(() -> start(unknown, true), Status.Code.NOT_FOUND, "'theta0-404'");
  }

  @Test
  void aMalformedVersionIsInvalid() {
    assertStatus(
        () -> start(spec(1).setBaseModelVersion("../models/theta0-1").build(), false),
        Status.Code.INVALID_ARGUMENT,
        "spec.base_model_version: must be a model version id");
  }

  @Test
  void aVersionOfAnotherModelIsAFailedPreconditionSayingWhatToDo() throws Exception {
    RegisteredVersions.adapted("orchard-v1", "orchard", "all-minilm-l6-v2", true);

    assertStatus(
        () -> start(spec(1).setBaseModelVersion("orchard-v1").build(), true),
        Status.Code.FAILED_PRECONDITION,
        "spec.base_model_version: model version 'orchard-v1' holds the all-minilm-l6-v2 model,"
            + " but this trainer trains tiny (metarag.trainer.base-model); start from 'base' or"
            + " from a version of tiny");
  }

  @Test
  void aVersionWithoutParametersIsAFailedPrecondition() throws Exception {
    RegisteredVersions.adapted("orchard-v2", "orchard", "tiny", false);

    assertStatus(
        () -> start(spec(1).setBaseModelVersion("orchard-v2").build(), true),
        Status.Code.FAILED_PRECONDITION,
        "model version 'orchard-v2' has no trainable parameters in its package");
  }

  private Job start(JobSpec spec, boolean validateOnly) {
    return client
        .blocking
        .startJob(StartJobRequest.newBuilder().setSpec(spec).setValidateOnly(validateOnly).build())
        .getJob();
  }

  /** Starts a job and waits for its end; fails unless it succeeded. */
  private Job run(JobSpec spec) {
    String id = start(spec, false).getId();
    await().atMost(JOB_TIMEOUT).until(() -> JobStates.isFinal(get(id).getState()));
    Job job = get(id);
    assertThat(job.getState()).as(job.getMessage()).isEqualTo(JobState.JOB_STATE_SUCCEEDED);
    return job;
  }

  private Job get(String id) {
    return client.blocking.getJob(GetJobRequest.newBuilder().setJobId(id).build()).getJob();
  }

  /** The loss on garden of the job's evaluation at {@code step}, from its progress log. */
  private static double gardenLoss(Job job, long step) throws Exception {
    return directory(job).tailProgress().poll().stream()
        .filter(e -> e.type() == ProgressEvent.Type.EVALUATION && e.step() == step)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no evaluation at step " + step))
        .evaluation()
        .get("garden")
        .loss();
  }

  private static JobDirectory directory(Job job) {
    return new JobDirectory(
        Path.of(ConfigProvider.getConfig().getValue("metarag.trainer.data-dir", String.class))
            .resolve("jobs")
            .resolve(job.getId()));
  }
}
