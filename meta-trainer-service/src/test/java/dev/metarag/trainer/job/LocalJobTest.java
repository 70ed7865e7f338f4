package dev.metarag.trainer.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.metarag.proto.v1.CancelJobRequest;
import dev.metarag.proto.v1.GetJobRequest;
import dev.metarag.proto.v1.Job;
import dev.metarag.proto.v1.JobProgress;
import dev.metarag.proto.v1.JobSpec;
import dev.metarag.proto.v1.JobState;
import dev.metarag.proto.v1.ListJobsRequest;
import dev.metarag.proto.v1.ModelKind;
import dev.metarag.proto.v1.StartJobRequest;
import dev.metarag.proto.v1.WatchJobRequest;
import dev.metarag.testing.grpc.RetrieverWithFixtures;
import dev.metarag.trainer.support.TinyJobSpecs;
import dev.metarag.trainer.support.TrainerClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Meta-training jobs on the LOCAL executor, end to end: the real retriever prepares the tasks, a
 * real worker JVM trains the tiny model, and the job is watched, killed, resumed and cancelled over
 * gRPC.
 */
@QuarkusTest
@QuarkusTestResource(
    value = RetrieverWithFixtures.class,
    restrictToAnnotatedClass = true,
    initArgs = @ResourceArg(name = "property", value = "metarag.trainer.retriever"))
class LocalJobTest {
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

  private static JobSpec.Builder tinySpec(int steps, int checkpointEvery) {
    // Two source domains, and a held-out one that evaluation adapts to.
    return TinyJobSpecs.fomaml(steps, checkpointEvery)
        .addEvaluationDomains(TinyJobSpecs.domain("garden"))
        .setEvaluationExamples(2);
  }

  private Job start(JobSpec spec) {
    return client.blocking.startJob(StartJobRequest.newBuilder().setSpec(spec).build()).getJob();
  }

  private Job get(String id) {
    return client.blocking.getJob(GetJobRequest.newBuilder().setJobId(id).build()).getJob();
  }

  @Test
  void aTinyJobRunsToSuccessWithFallingMetaLossAndItsTheta0IsRegistered() {
    Job job = start(tinySpec(24, 8).build());
    List<JobProgress> progress = new ArrayList<>();
    Iterator<JobProgress> stream =
        client
            .blocking
            .withDeadlineAfter(JOB_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)
            .watchJob(WatchJobRequest.newBuilder().setJobId(job.getId()).build());
    stream.forEachRemaining(progress::add);

    JobProgress last = progress.get(progress.size() - 1);
    assertThat(last.getState()).as(last.getMessage()).isEqualTo(JobState.JOB_STATE_SUCCEEDED);
    // One meta-loss per step: checkpoint and evaluation events repeat their step's loss.
    Map<Long, Double> lossPerStep = new TreeMap<>();
    progress.stream()
        .filter(p -> p.getMetaLoss() > 0)
        .forEach(p -> lossPerStep.putIfAbsent(p.getStep(), p.getMetaLoss()));
    List<Double> losses = List.copyOf(lossPerStep.values());
    assertThat(losses).hasSize(24);
    // Each step draws other tasks, so single losses are noisy: compare the first and last thirds.
    assertThat(mean(losses.subList(16, 24)))
        .as("meta-losses per step %s", losses)
        .isLessThan(mean(losses.subList(0, 8)));
    assertThat(progress).anyMatch(p -> p.getEvaluationMap().containsKey("garden"));
    // Throughput and the time left, from the second step on.
    assertThat(progress)
        .anyMatch(p -> p.getStep() >= 2 && p.getStepsPerSecond() > 0 && p.getEtaMillis() > 0);

    Job done = get(job.getId());
    assertThat(done.getStep()).isEqualTo(24);
    assertThat(done.getResult().getKind()).isEqualTo(ModelKind.MODEL_KIND_THETA0);
    assertThat(done.getResult().getVersion()).startsWith("theta0-");
    assertThat(done.getResult().getLineage().getSourceDomainsList())
        .containsExactly("gadgets", "kitchen");
    assertThat(Path.of(done.getResult().getPackagePath()).resolve("parameters.ndlist"))
        .isRegularFile();
  }

  @Test
  void aJobOnInlineExamplesRunsToSuccessAndKeepsThemWithTheJob() throws Exception {
    // Every domain sent inline, as a client without access to the trainer's disk sends them.
    JobSpec spec =
        TinyJobSpecs.fomaml(4, 2)
            .setDomains(0, TinyJobSpecs.inlineDomain("gadgets"))
            .setDomains(1, TinyJobSpecs.inlineDomain("kitchen"))
            .addEvaluationDomains(TinyJobSpecs.inlineDomain("garden"))
            .setEvaluationExamples(2)
            .build();
    Job job = start(spec);
    client
        .blocking
        .withDeadlineAfter(JOB_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)
        .watchJob(WatchJobRequest.newBuilder().setJobId(job.getId()).build())
        .forEachRemaining(p -> {});

    Job done = get(job.getId());
    assertThat(done.getState()).as(done.getMessage()).isEqualTo(JobState.JOB_STATE_SUCCEEDED);
    assertThat(done.getSpec().getDomains(0).getExamples())
        .isEqualTo(spec.getDomains(0).getExamples());
    // Prepared into the job directory like a data set's questions: one task line per question.
    Path dir = jobDirectory(job.getId());
    assertThat(Files.readAllLines(dir.resolve("tasks/kitchen.jsonl")))
        .hasSize(spec.getDomains(1).getExamples().getExamplesCount());
    assertThat(done.getResult().getLineage().getSourceDomainsList())
        .containsExactly("gadgets", "kitchen");
    assertThat(done.getResult().getLineage().getDataChecksumsMap())
        .containsEntry("inline:gadgets", sha256(spec.getDomains(0).getExamples().toByteArray()))
        .containsKeys("inline:kitchen", "inline:garden");
    // Listed without the examples, the domains still read as inline.
    Job listed =
        client.blocking.listJobs(ListJobsRequest.getDefaultInstance()).getJobsList().stream()
            .filter(j -> j.getId().equals(job.getId()))
            .findFirst()
            .orElseThrow();
    assertThat(listed.getSpec().getDomains(0).hasExamples()).isTrue();
    assertThat(listed.getSpec().getDomains(0).getExamples().getExamplesCount()).isZero();
    assertThat(listed.getSpec().getEvaluationDomains(0).getExamples().getExamplesCount()).isZero();
  }

  @Test
  void aWorkerKilledMidRunIsRestartedAndResumesAtItsCheckpoint() throws Exception {
    Job job = start(tinySpec(400, 2).build());
    Path dir = jobDirectory(job.getId());
    await()
        .atMost(JOB_TIMEOUT)
        .until(() -> get(job.getId()).getCheckpointsCount() > 0 && workerPid(dir).isPresent());
    long pid = workerPid(dir).orElseThrow();
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);

    await().atMost(JOB_TIMEOUT).until(() -> get(job.getId()).getResumes() >= 1);
    await()
        .atMost(JOB_TIMEOUT)
        .until(() -> Files.readString(dir.resolve("progress.jsonl")).contains("resumed from"));
    String log = Files.readString(dir.resolve("progress.jsonl"));
    long resumedAt =
        Long.parseLong(log.replaceAll("(?s).*resumed from checkpoint at step (\\d+).*", "$1"));
    assertThat(resumedAt).isGreaterThanOrEqualTo(2).matches(s -> s % 2 == 0, "a checkpoint step");
    assertThat(workerPid(dir)).isPresent().get().isNotEqualTo(pid);
    client.blocking.cancelJob(CancelJobRequest.newBuilder().setJobId(job.getId()).build());
  }

  @Test
  void cancelStopsTheWorkerAndTheJobEndsCancelled() throws Exception {
    Job job = start(tinySpec(10_000, 100).build());
    Path dir = jobDirectory(job.getId());
    await()
        .atMost(JOB_TIMEOUT)
        .until(() -> get(job.getId()).getStep() >= 1 && workerPid(dir).isPresent());
    long pid = workerPid(dir).orElseThrow();

    client.blocking.cancelJob(
        CancelJobRequest.newBuilder().setJobId(job.getId()).setReason("test").build());

    await()
        .atMost(JOB_TIMEOUT)
        .until(() -> get(job.getId()).getState() == JobState.JOB_STATE_CANCELLED);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> ProcessHandle.of(pid).isEmpty() || !ProcessHandle.of(pid).get().isAlive());
    assertThat(get(job.getId()).getResult().getVersion()).isEmpty();
  }

  private static Path jobDirectory(String id) {
    return Path.of(ConfigProvider.getConfig().getValue("metarag.trainer.data-dir", String.class))
        .resolve("jobs")
        .resolve(id);
  }

  private static Optional<Long> workerPid(Path dir) {
    return TinyJobSpecs.workerPid(dir);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }
}
