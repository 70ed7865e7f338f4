package dev.metarag.trainer.executor.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

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
import dev.metarag.trainer.spec.KubernetesDefaults;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The worker Job the meta-trainer would create from what the chart gives it: its settings (bound to
 * TrainerConfig from the pod's environment and mounted application.properties), the worker defaults
 * among them (checked and applied by the trainer's own KubernetesDefaults and JobSpecValidator to a
 * StartJob that sends no Kubernetes options), built by the trainer's own WorkerJobBuilder. This
 * test lives in the executor's package to reach the builder.
 */
class ChartWorkerJobTest {
  /** The trainer's settings in this rendering. */
  static TrainerConfig trainerConfig(Manifests manifests) {
    return ServiceSettings.bind(
        manifests, manifests.deployment("meta-trainer"), TrainerConfig.class);
  }

  /** What a client sends: two source domains, the KUBERNETES executor and these options. */
  static JobSpec startJobSpec(KubernetesExecutorSpec.Builder k) {
    JobSpec.Builder spec =
        JobSpec.newBuilder()
            .setExecutor(ExecutorKind.EXECUTOR_KIND_KUBERNETES)
            .addDomains(domain("books"))
            .addDomains(domain("movies"));
    if (k != null) {
      spec.setKubernetes(k);
    }
    return spec.build();
  }

  private static SourceDomain domain(String name) {
    return SourceDomain.newBuilder()
        .setName(name)
        .setDataset(DatasetRef.newBuilder().setName("subjqa/" + name + "/train"))
        .build();
  }

  /** The job "mt-7" as StartJob would complete and store it with this rendering's trainer. */
  static WorkerLaunch launch(Manifests manifests, String jobId, KubernetesExecutorSpec.Builder k) {
    TrainerConfig config = trainerConfig(manifests);
    JobSpec validated =
        JobSpecValidator.validate(startJobSpec(k), KubernetesDefaults.from(config.kubernetes()));
    return new WorkerLaunch(jobId, config.dataDir().resolve("jobs").resolve(jobId), validated);
  }

  /** The Job the trainer of this rendering would create for "mt-7" sending these options. */
  static Job workerJob(Manifests manifests, KubernetesExecutorSpec.Builder k) {
    TrainerConfig config = trainerConfig(manifests);
    return new WorkerJobBuilder(config.kubernetes()).build(launch(manifests, "mt-7", k));
  }

  @Test
  void gpuValuesLandOnTheWorkersPodWithoutTheClientSendingThem() {
    Manifests manifests = Chart.render(Values.of("gpu-training"));

    Job job = workerJob(manifests, null);
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
    assertThat(pod.getServiceAccountName())
        .isEqualTo(manifests.forComponent(ServiceAccount.class, "worker").getMetadata().getName());
    assertThat(job.getSpec().getBackoffLimit()).isEqualTo(6);
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(86400L);
    assertThat(job.getMetadata().getLabels()).containsEntry("team", "ml-platform");
    assertThat(worker.getEnv())
        .extracting(EnvVar::getName, EnvVar::getValue)
        .contains(
            tuple("METARAG_WORKER_GPUS", "1"),
            tuple("OMP_WAIT_POLICY", "PASSIVE"),
            tuple("DJL_CACHE_DIR", "/var/cache/metarag/djl"))
        // The device plugin says which GPUs; "all" would reach past the scheduler.
        .noneMatch(t -> t.toList().contains("NVIDIA_VISIBLE_DEVICES"));
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getEmptyDir() != null)
        .extracting(Volume::getName, v -> v.getEmptyDir().getSizeLimit())
        .containsExactly(
            tuple("tmp", new Quantity("1Gi")), tuple("djl-cache", new Quantity("4Gi")));
  }

  @Test
  void theStartJobSpecShowsTheReleasesWorkerSettingsAndARequestStillWins() {
    Manifests manifests = Chart.render(Values.of("gpu-training"));

    KubernetesExecutorSpec used = launch(manifests, "mt-8", null).spec().getKubernetes();
    assertThat(used.getImage()).isEqualTo("registry.example.com/metarag/meta-trainer-worker:0.1.0");
    assertThat(used.getGpus()).isEqualTo(1);
    assertThat(used.getNamespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(used.getServiceAccount()).isEqualTo("metarag-worker");

    // A CPU job on a GPU release: explicit zero GPUs and another node pool.
    Job cpu =
        workerJob(
            manifests,
            KubernetesExecutorSpec.newBuilder().setGpus(0).putNodeSelector("pool", "cpu"));
    PodSpec pod = cpu.getSpec().getTemplate().getSpec();
    assertThat(pod.getContainers().getFirst().getResources().getLimits())
        .doesNotContainKey("nvidia.com/gpu");
    assertThat(pod.getNodeSelector()).containsExactlyEntriesOf(Map.of("pool", "cpu"));
  }

  @Test
  void workerPodsAreConfinedLikeTheServicesPods() {
    Manifests manifests = Chart.render(Values.defaults());

    PodSpec pod = workerJob(manifests, null).getSpec().getTemplate().getSpec();
    Container worker = pod.getContainers().getFirst();
    PodSecurityContext services =
        manifests.deployment("meta-trainer").getSpec().getTemplate().getSpec().getSecurityContext();

    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(services.getRunAsUser());
    assertThat(pod.getSecurityContext().getRunAsGroup()).isEqualTo(services.getRunAsGroup());
    assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(services.getFsGroup());
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(worker.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(worker.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(worker.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(worker.getVolumeMounts())
        .extracting(VolumeMount::getMountPath)
        .containsExactly("/var/lib/metarag/shared", "/tmp", "/var/cache/metarag/djl");
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getEmptyDir() != null)
        .extracting(Volume::getName, v -> v.getEmptyDir().getSizeLimit())
        .containsExactly(
            tuple("tmp", new Quantity("1Gi")), tuple("djl-cache", new Quantity("2Gi")));
  }

  @Test
  void idsLeftOutOfThePodSecurityContextAreLeftToTheImageOrPlatform() {
    // As on OpenShift, where the platform assigns the user and group.
    Manifests manifests =
        Chart.render(
            Values.defaults()
                .yaml("podSecurityContext: {runAsUser: null, runAsGroup: null, fsGroup: null}"));

    PodSecurityContext pod =
        workerJob(manifests, null).getSpec().getTemplate().getSpec().getSecurityContext();
    assertThat(pod.getRunAsNonRoot()).isTrue();
    assertThat(pod.getRunAsUser()).isNull();
    assertThat(pod.getRunAsGroup()).isNull();
    assertThat(pod.getFsGroup()).isNull();
  }

  @Test
  void theWorkerRunsThePinnedWorkerImageOnTheSharedClaimInTheReleasesNamespace() {
    Manifests manifests = Chart.render(Values.defaults());

    Job job = workerJob(manifests, null);
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
        .filteredOn(v -> v.getPersistentVolumeClaim() != null)
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
    assertThat(pod.getNodeSelector()).isNullOrEmpty();
  }

  @Test
  void withoutAWorkerAccountOfTheChartsWorkersRunAsTheNamespacesDefault() {
    Manifests none = Chart.render(Values.defaults().set("worker.serviceAccount.create", false));
    Manifests named =
        Chart.render(
            Values.defaults()
                .set("worker.serviceAccount.create", false)
                .set("worker.serviceAccount.name", "gpu-workers"));

    assertThat(workerJob(none, null).getSpec().getTemplate().getSpec().getServiceAccountName())
        .isNull();
    assertThat(workerJob(named, null).getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo("gpu-workers");
  }

  @Test
  void aDigestPinsTheWorkerImageAndPassesTheTrainersValidation() {
    String digest = "sha256:" + "0123456789abcdef".repeat(4);
    Manifests manifests = Chart.render(Values.defaults().set("worker.image.digest", digest));

    assertThat(
            workerJob(manifests, null)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getImage())
        .isEqualTo("registry.example.com/metarag/meta-trainer-worker@" + digest);
  }
}
