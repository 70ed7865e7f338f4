package dev.metarag.trainer.executor.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.metarag.k8s.support.Chart;
import dev.metarag.k8s.support.Chart.Values;
import dev.metarag.k8s.support.Manifests;
import dev.metarag.k8s.support.ServiceSettings;
import dev.metarag.proto.v1.DatasetRef;
import dev.metarag.proto.v1.ExecutorKind;
import dev.metarag.proto.v1.JobSpec;
import dev.metarag.proto.v1.KubernetesExecutorSpec;
import dev.metarag.proto.v1.SourceDomain;
import dev.metarag.trainer.config.TrainerConfig;
import dev.metarag.trainer.executor.WorkerLaunch;
import dev.metarag.trainer.spec.JobSpecValidator;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The worker Job the meta-trainer would create from what the chart gives it: its settings (bound to
 * TrainerConfig from the pod's environment) and the per-job worker settings the chart publishes for
 * StartJob (checked by the trainer's own JobSpecValidator), built by the trainer's own
 * WorkerJobBuilder. This test lives in the executor's package to reach the builder.
 */
class ChartWorkerJobTest {
  private static final String WORKER_JOB_CONFIG_MAP = "metarag-worker-job";

  /** The `kubernetes` part of a StartJob spec, as the chart publishes it. */
  static KubernetesExecutorSpec publishedSpec(Manifests manifests) {
    String json =
        manifests.configMap(WORKER_JOB_CONFIG_MAP).getData().get("kubernetes-executor-spec.json");
    KubernetesExecutorSpec.Builder k = KubernetesExecutorSpec.newBuilder();
    try {
      JsonFormat.parser().merge(json, k);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("not a KubernetesExecutorSpec:\n" + json, e);
    }
    return k.build();
  }

  /** What a client sends: two source domains and the published worker settings. */
  static JobSpec startJobSpec(KubernetesExecutorSpec k) {
    return JobSpec.newBuilder()
        .setExecutor(ExecutorKind.EXECUTOR_KIND_KUBERNETES)
        .setKubernetes(k)
        .addDomains(domain("books"))
        .addDomains(domain("movies"))
        .build();
  }

  private static SourceDomain domain(String name) {
    return SourceDomain.newBuilder()
        .setName(name)
        .setDataset(DatasetRef.newBuilder().setName("subjqa/" + name + "/train"))
        .build();
  }

  /** The Job the trainer of this rendering would create for a job "mt-7". */
  static Job workerJob(Manifests manifests) {
    TrainerConfig config =
        ServiceSettings.bind(manifests, manifests.deployment("meta-trainer"), TrainerConfig.class);
    JobSpec validated = JobSpecValidator.validate(startJobSpec(publishedSpec(manifests)));
    WorkerLaunch launch =
        new WorkerLaunch("mt-7", config.dataDir().resolve("jobs").resolve("mt-7"), validated);
    return new WorkerJobBuilder(config.kubernetes()).build(launch);
  }

  @Test
  void gpuValuesLandOnTheWorkersPod() {
    Manifests manifests = Chart.render(Values.of("gpu-training"));

    Job job = workerJob(manifests);
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    Container worker = pod.getContainers().getFirst();

    assertThat(worker.getResources().getLimits())
        .containsEntry("nvidia.com/gpu", new Quantity("1"))
        .containsEntry("cpu", new Quantity("8"))
        .containsEntry("memory", new Quantity("24Gi"));
    assertThat(pod.getNodeSelector())
        .containsExactlyEntriesOf(Map.of("nvidia.com/gpu.present", "true"));
    assertThat(pod.getTolerations())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.getKey()).isEqualTo("nvidia.com/gpu");
              assertThat(t.getOperator()).isEqualTo("Exists");
              assertThat(t.getEffect()).isEqualTo("NoSchedule");
            });
    assertThat(job.getSpec().getBackoffLimit()).isEqualTo(6);
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(86400L);
    assertThat(job.getMetadata().getLabels()).containsEntry("team", "ml-platform");
    assertThat(worker.getEnv())
        .extracting(EnvVar::getName, EnvVar::getValue)
        .contains(
            org.assertj.core.groups.Tuple.tuple("NVIDIA_VISIBLE_DEVICES", "all"),
            org.assertj.core.groups.Tuple.tuple("OMP_WAIT_POLICY", "PASSIVE"));
  }

  @Test
  void theWorkerRunsThePinnedWorkerImageOnTheSharedClaimInTheReleasesNamespace() {
    Manifests manifests = Chart.render(Values.defaults());

    Job job = workerJob(manifests);
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    Container worker = pod.getContainers().getFirst();
    PersistentVolumeClaim shared =
        manifests.forComponent(PersistentVolumeClaim.class, "shared-storage");
    ServiceAccount account = manifests.forComponent(ServiceAccount.class, "worker");

    assertThat(job.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(worker.getImage())
        .isEqualTo("registry.example.com/metarag/meta-trainer-worker:0.1.0");
    assertThat(worker.getCommand()).containsExactly("/opt/metarag/bin/meta-trainer-worker");
    assertThat(worker.getArgs())
        .containsExactly("--job-dir", "/var/lib/metarag/shared/meta-trainer/jobs/mt-7");
    assertThat(pod.getVolumes())
        .singleElement()
        .satisfies(
            v ->
                assertThat(v.getPersistentVolumeClaim().getClaimName())
                    .isEqualTo(shared.getMetadata().getName()));
    assertThat(worker.getVolumeMounts().getFirst().getMountPath())
        .isEqualTo("/var/lib/metarag/shared");
    assertThat(pod.getServiceAccountName()).isEqualTo(account.getMetadata().getName());
    assertThat(worker.getResources().getLimits()).doesNotContainKey("nvidia.com/gpu");
    assertThat(pod.getTolerations()).extracting(Toleration::getKey).isEmpty();
  }

  @Test
  void aDigestPinsTheWorkerImageAndPassesTheTrainersValidation() {
    String digest = "sha256:" + "0123456789abcdef".repeat(4);
    Manifests manifests = Chart.render(Values.defaults().set("worker.image.digest", digest));

    assertThat(
            workerJob(manifests)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getImage())
        .isEqualTo("registry.example.com/metarag/meta-trainer-worker@" + digest);
  }
}
