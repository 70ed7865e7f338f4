package dev.metarag.trainer.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.metarag.proto.v1.CancelJobRequest;
import dev.metarag.proto.v1.GetJobRequest;
import dev.metarag.proto.v1.Job;
import dev.metarag.proto.v1.JobSpec;
import dev.metarag.proto.v1.JobState;
import dev.metarag.proto.v1.ListJobsRequest;
import dev.metarag.proto.v1.MetaTrainerGrpc;
import dev.metarag.proto.v1.StartJobRequest;
import dev.metarag.testing.ServiceProcess;
import dev.metarag.testing.TestDatasets;
import dev.metarag.testing.grpc.RetrieverWithFixtures;
import dev.metarag.trainer.support.TinyJobSpecs;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Jobs outlive the service: the packaged meta-trainer is killed with SIGKILL while a job trains,
 * started again on the same directories, and the job is still there, under the same id, with its
 * worker replaced by one that resumes from the newest checkpoint.
 */
class MetaTrainerRestartIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(3);
  private static final Path WORK = Path.of("target/restart-it");
  private static RetrieverWithFixtures retriever;
  private static String retrieverTarget;

  @BeforeAll
  static void startRetriever() throws Exception {
    Files.createDirectories(WORK);
    retriever = new RetrieverWithFixtures();
    retriever.init(java.util.Map.of("property", "metarag.trainer.retriever"));
    retrieverTarget = retriever.start().get("metarag.trainer.retriever");
  }

  @AfterAll
  static void stopRetriever() {
    retriever.stop();
  }

  @Test
  void aJobSurvivesASigkilledServiceAndItsWorkerResumesFromTheCheckpoint() throws Exception {
    Path data = Files.createTempDirectory(WORK, "trainer").toAbsolutePath();
    ServiceProcess first = startTrainer(data);
    String id;
    Path jobDir;
    long pidBefore;
    JobSpec specBefore;
    try (Client client = new Client(first)) {
      Job job =
          client
              .stub
              .startJob(StartJobRequest.newBuilder().setSpec(longTinyJob()).build())
              .getJob();
      id = job.getId();
      specBefore = job.getSpec();
      jobDir = data.resolve("meta-trainer/jobs").resolve(id);
      await().atMost(TIMEOUT).until(() -> checkpointed(jobDir) && workerPid(jobDir).isPresent());
      pidBefore = workerPid(jobDir).orElseThrow();
    }
    ProcessHandle.of(first.pid()).ifPresent(ProcessHandle::destroyForcibly);
    await().atMost(TIMEOUT).until(() -> ProcessHandle.of(first.pid()).isEmpty());

    ServiceProcess second = startTrainer(data);
    try (Client client = new Client(second)) {
      List<Job> jobs = client.stub.listJobs(ListJobsRequest.getDefaultInstance()).getJobsList();
      assertThat(jobs).extracting(Job::getId).containsExactly(id);
      assertThat(
              client
                  .stub
                  .getJob(GetJobRequest.newBuilder().setJobId(id).build())
                  .getJob()
                  .getSpec())
          .isEqualTo(specBefore);
      await()
          .atMost(TIMEOUT)
          .until(
              () ->
                  Files.readString(jobDir.resolve("progress.jsonl"))
                      .contains("resumed from checkpoint at step"));
      // The orphan of the first service was stopped; one worker trains, a new one.
      assertThat(ProcessHandle.of(pidBefore).filter(ProcessHandle::isAlive)).isEmpty();
      assertThat(workerPid(jobDir)).isPresent().get().isNotEqualTo(pidBefore);
      await().atMost(TIMEOUT).until(() -> state(client, id) == JobState.JOB_STATE_RUNNING);
      client.stub.cancelJob(CancelJobRequest.newBuilder().setJobId(id).build());
      await().atMost(TIMEOUT).until(() -> state(client, id) == JobState.JOB_STATE_CANCELLED);
    } finally {
      second.close();
    }
  }

  private static ServiceProcess startTrainer(Path data) throws Exception {
    Path workerHome = Path.of("../meta-trainer-worker/target/worker").toAbsolutePath();
    return ServiceProcess.start(
        Path.of("."),
        List.of(
            "metarag.trainer.data-dir=" + data.resolve("meta-trainer"),
            "metarag.trainer.registry-dir=" + data.resolve("models"),
            "metarag.trainer.retriever=" + retrieverTarget,
            "metarag.trainer.base-model=tiny",
            "metarag.trainer.local.worker-home=" + workerHome,
            "metarag.trainer.local.max-heap-mib=1024",
            "metarag.trainer.shared-data=" + data.resolve("no-shared-data"),
            // The fixtures' paths (TinyJobSpecs) lie under the test profiles' data root.
            "metarag.trainer.data-root=" + TestDatasets.root()),
        WORK.resolve("trainer.log"));
  }

  /** One domain from its file, one sent inline: the job's record must bring both back. */
  private static JobSpec longTinyJob() {
    return TinyJobSpecs.fomaml(10_000, 2)
        .setDomains(1, TinyJobSpecs.inlineDomain("kitchen"))
        .build();
  }

  private static JobState state(Client client, String id) {
    return client.stub.getJob(GetJobRequest.newBuilder().setJobId(id).build()).getJob().getState();
  }

  private static boolean checkpointed(Path jobDir) throws Exception {
    Path checkpoints = jobDir.resolve("checkpoints");
    if (!Files.isDirectory(checkpoints)) {
      return false;
    }
    try (var entries = Files.list(checkpoints)) {
      return entries.anyMatch(p -> p.getFileName().toString().startsWith("step-"));
    }
  }

  private static Optional<Long> workerPid(Path jobDir) {
    return TinyJobSpecs.workerPid(jobDir);
  }

  /** A gRPC client of one trainer process. */
  private static final class Client implements AutoCloseable {
    final ManagedChannel channel;
    final MetaTrainerGrpc.MetaTrainerBlockingStub stub;

    Client(ServiceProcess trainer) {
      channel = ManagedChannelBuilder.forTarget(trainer.target()).usePlaintext().build();
      stub = MetaTrainerGrpc.newBlockingStub(channel);
    }

    @Override
    public void close() {
      channel.shutdownNow();
    }
  }
}
