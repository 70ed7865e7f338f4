package dev.metarag.trainer.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.metarag.jobs.JobDirectory;
import dev.metarag.jobs.WorkerConfig;
import dev.metarag.proto.v1.CancelJobRequest;
import dev.metarag.proto.v1.ExecutorKind;
import dev.metarag.proto.v1.Job;
import dev.metarag.proto.v1.JobSpec;
import dev.metarag.proto.v1.JobState;
import dev.metarag.proto.v1.KubernetesExecutorSpec;
import dev.metarag.proto.v1.KubernetesToleration;
import dev.metarag.proto.v1.StartJobRequest;
import dev.metarag.testing.grpc.RetrieverWithFixtures;
import dev.metarag.trainer.support.RegisteredVersions;
import dev.metarag.trainer.support.TrainerClient;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The trainer with the KUBERNETES executor enabled and service-wide worker defaults, against
 * Quarkus' fabric8 mock API server: StartJob without any KUBERNETES options returns the spec
 * completed with the defaults, and the worker Job it creates in the cluster carries them, confined
 * like every worker pod. A request's own options win.
 */
@QuarkusTest
@TestProfile(KubernetesDefaultsStartJobTest.GpuPoolDefaults.class)
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(
    value = RetrieverWithFixtures.class,
    restrictToAnnotatedClass = true,
    initArgs = @ResourceArg(name = "property", value = "metarag.trainer.retriever"))
class KubernetesDefaultsStartJobTest {
  private static final String NS = "ml";
  private static final String IMAGE = "registry.example.com/metarag/meta-trainer-worker:0.2.0";
  // Generous: task preparation (each question retrieved) took over a minute on a loaded machine.
  private static final Duration WAIT = Duration.ofMinutes(3);

  /** The defaults an operator of a GPU node pool would set (the chart's gpu-training values). */
  public static final class GpuPoolDefaults implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      String k = "metarag.trainer.kubernetes.";
      return Map.ofEntries(
          Map.entry(k + "enabled", "true"),
          Map.entry(k + "namespace", NS),
          // The service's data directory (target/test-data/<uuid>/meta-trainer) is on the "claim".
          Map.entry(k + "service-mount-path", "target/test-data/${quarkus.uuid}"),
          Map.entry(k + "default-image", IMAGE),
          Map.entry(k + "default-gpus", "1"),
          Map.entry(k + "default-node-selector.\"nvidia.com/gpu.present\"", "true"),
          Map.entry(
              k + "default-tolerations",
              "[{\"key\":\"nvidia.com/gpu\",\"operator\":\"Exists\",\"effect\":\"NoSchedule\"}]"),
          Map.entry(k + "default-service-account", "metarag-worker"),
          Map.entry(k + "default-labels.team", "ml-platform"));
    }
  }

  @KubernetesTestServer KubernetesServer apiServer;

  private TrainerClient client;

  @BeforeEach
  void connect() {
    client = new TrainerClient();
  }

  @AfterEach
  void disconnect() {
    client.close();
  }

  private static JobSpec.Builder onKubernetes() {
    return StartJobValidationTest.spec().toBuilder()
        .setExecutor(ExecutorKind.EXECUTOR_KIND_KUBERNETES);
  }

  private List<io.fabric8.kubernetes.api.model.batch.v1.Job> workerJobs(String jobId) {
    KubernetesClient k8s = apiServer.getClient();
    return k8s.batch()
        .v1()
        .jobs()
        .inNamespace(NS)
        .withLabel("metarag.dev/job-id", jobId)
        .list()
        .getItems();
  }

  @Test
  void aJobWithoutKubernetesOptionsRunsOnTheDefaultsAndItsSpecShowsThem() {
    Job job =
        client
            .blocking
            .startJob(StartJobRequest.newBuilder().setSpec(onKubernetes()).build())
            .getJob();

    KubernetesExecutorSpec used = job.getSpec().getKubernetes();
    assertThat(used.getImage()).isEqualTo(IMAGE);
    assertThat(used.getGpus()).isEqualTo(1);
    assertThat(used.getGpuResourceName()).isEqualTo("nvidia.com/gpu");
    assertThat(used.getCpu()).isEqualTo("4");
    assertThat(used.getMemory()).isEqualTo("16Gi");
    assertThat(used.getNodeSelectorMap())
        .containsExactly(Map.entry("nvidia.com/gpu.present", "true"));
    assertThat(used.getTolerationsList())
        .extracting(KubernetesToleration::getKey)
        .containsExactly("nvidia.com/gpu");
    assertThat(used.getServiceAccount()).isEqualTo("metarag-worker");
    assertThat(used.getNamespace()).isEqualTo(NS);
    assertThat(used.getBackoffLimit()).isEqualTo(3);
    assertThat(used.getTtlSecondsAfterFinished()).isEqualTo(86400);
    assertThat(used.getLabelsMap()).containsExactly(Map.entry("team", "ml-platform"));

    // Once its tasks are prepared, the worker Job appears in the cluster with those values.
    await().atMost(WAIT).until(() -> !workerJobs(job.getId()).isEmpty());
    var created = workerJobs(job.getId()).getFirst();
    PodSpec pod = created.getSpec().getTemplate().getSpec();
    var worker = pod.getContainers().getFirst();
    assertThat(worker.getImage()).isEqualTo(IMAGE);
    assertThat(worker.getResources().getLimits())
        .containsEntry("nvidia.com/gpu", new Quantity("1"))
        .containsEntry("cpu", new Quantity("4"));
    assertThat(pod.getNodeSelector()).containsEntry("nvidia.com/gpu.present", "true");
    assertThat(pod.getServiceAccountName()).isEqualTo("metarag-worker");
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(worker.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(created.getMetadata().getLabels()).containsEntry("team", "ml-platform");

    client.blocking.cancelJob(CancelJobRequest.newBuilder().setJobId(job.getId()).build());
    await().atMost(WAIT).until(() -> workerJobs(job.getId()).isEmpty());
  }

  @Test
  void aJobFromARegisteredVersionFindsItsCopyInTheJobDirectoryThePodMounts() throws Exception {
    RegisteredVersions.adapted("orchard-v1", "orchard", "tiny", true);

    Job job =
        client
            .blocking
            .startJob(
                StartJobRequest.newBuilder()
                    .setSpec(onKubernetes().setBaseModelVersion("orchard-v1"))
                    .build())
            .getJob();

    await().atMost(WAIT).until(() -> !workerJobs(job.getId()).isEmpty());
    var worker =
        workerJobs(job.getId()).getFirst().getSpec().getTemplate().getSpec().getContainers();
    String podJobDir = "/var/lib/metarag/meta-trainer/jobs/" + job.getId();
    assertThat(worker.getFirst().getArgs()).containsExactly("--job-dir", podJobDir);
    // The pod reads the job directory only: the configuration names the copy inside it.
    JobDirectory dir =
        new JobDirectory(
            RegisteredVersions.registryDir().resolveSibling("meta-trainer/jobs/" + job.getId()));
    assertThat(dir.readConfig().baseVersion())
        .isEqualTo(
            new WorkerConfig.BaseVersion("orchard-v1", List.of(), JobDirectory.BASE_MODEL_DIR));
    assertThat(dir.baseModelDir().resolve("parameters.ndlist"))
        .hasBinaryContent(new byte[] {1, 2, 3});

    client.blocking.cancelJob(CancelJobRequest.newBuilder().setJobId(job.getId()).build());
    await().atMost(WAIT).until(() -> workerJobs(job.getId()).isEmpty());
  }

  @Test
  void theRequestsOwnOptionsWin() {
    Job checked =
        client
            .blocking
            .startJob(
                StartJobRequest.newBuilder()
                    .setValidateOnly(true)
                    .setSpec(
                        onKubernetes()
                            .setKubernetes(
                                KubernetesExecutorSpec.newBuilder()
                                    .setImage(IMAGE.replace("0.2.0", "0.3.0"))
                                    .setGpus(0)
                                    .putNodeSelector("pool", "cpu")
                                    .putLabels("run", "baseline")))
                    .build())
            .getJob();

    KubernetesExecutorSpec used = checked.getSpec().getKubernetes();
    assertThat(checked.getState()).isEqualTo(JobState.JOB_STATE_UNSPECIFIED);
    assertThat(used.getImage()).endsWith(":0.3.0");
    assertThat(used.getGpus()).isZero();
    assertThat(used.getNodeSelectorMap()).containsExactly(Map.entry("pool", "cpu"));
    // Tolerations were not given: the default ones stay (they only allow, never force, placement).
    assertThat(used.getTolerationsCount()).isEqualTo(1);
    assertThat(used.getLabelsMap())
        .containsOnly(Map.entry("team", "ml-platform"), Map.entry("run", "baseline"));
  }
}
