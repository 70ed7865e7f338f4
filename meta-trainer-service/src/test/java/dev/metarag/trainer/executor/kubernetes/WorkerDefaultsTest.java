package dev.metarag.trainer.executor.kubernetes;

import static dev.metarag.trainer.executor.kubernetes.TestSettings.settings;
import static dev.metarag.trainer.executor.kubernetes.TestSettings.validated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.metarag.proto.v1.KubernetesExecutorSpec;
import dev.metarag.proto.v1.KubernetesToleration;
import dev.metarag.trainer.config.InvalidSettingException;
import dev.metarag.trainer.config.TrainerConfig;
import dev.metarag.trainer.executor.WorkerLaunch;
import dev.metarag.trainer.spec.InvalidSpecException;
import dev.metarag.trainer.spec.KubernetesDefaults;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The trainer's service-wide worker defaults (metarag.trainer.kubernetes.default-*): what a request
 * leaves empty takes them, what it sets wins, StartJob's completed spec shows what is used, and bad
 * defaults stop the service at start-up naming the setting. Also how every worker pod is confined.
 */
class WorkerDefaultsTest {
  private static final String TOLERATIONS =
      "[{\"key\":\"nvidia.com/gpu\",\"operator\":\"Exists\",\"effect\":\"NoSchedule\"},"
          + "{\"key\":\"spot\",\"operator\":\"Equal\",\"value\":\"true\",\"effect\":\"NoExecute\","
          + "\"tolerationSeconds\":120}]";

  /** A GPU node pool as the trainer's defaults. */
  private static final Map<String, String> GPU_DEFAULTS =
      Map.ofEntries(
          Map.entry("default-image", "registry.example.com/metarag/meta-trainer-worker:0.2.0"),
          Map.entry("default-gpus", "1"),
          Map.entry("default-gpu-resource-name", "nvidia.com/gpu"),
          Map.entry("default-node-selector.\"nvidia.com/gpu.present\"", "true"),
          Map.entry("default-tolerations", TOLERATIONS),
          Map.entry("default-service-account", "metarag-worker"),
          Map.entry("default-backoff-limit", "6"),
          Map.entry("default-active-deadline-seconds", "86400"),
          Map.entry("default-labels.team", "ml-platform"),
          Map.entry("default-labels.\"example.com/cost-center\"", "cc-42"));

  private final TrainerConfig.Kubernetes gpuPool = settings(true, GPU_DEFAULTS);

  private static Job build(TrainerConfig.Kubernetes settings, WorkerLaunch launch) {
    return new WorkerJobBuilder(settings).build(launch);
  }

  @Test
  void aRequestWithoutKubernetesOptionsRunsOnTheDefaultsAndTheSpecSaysSo() {
    WorkerLaunch launch = validated("mt-1", gpuPool, null);

    KubernetesExecutorSpec used = launch.spec().getKubernetes();
    assertThat(used.getImage()).isEqualTo("registry.example.com/metarag/meta-trainer-worker:0.2.0");
    assertThat(used.hasGpus()).isTrue();
    assertThat(used.getGpus()).isEqualTo(1);
    assertThat(used.getGpuResourceName()).isEqualTo("nvidia.com/gpu");
    assertThat(used.getCpu()).isEqualTo("2");
    assertThat(used.getMemory()).isEqualTo("6Gi");
    assertThat(used.getNodeSelectorMap())
        .containsExactly(Map.entry("nvidia.com/gpu.present", "true"));
    assertThat(used.getTolerationsList())
        .extracting(
            KubernetesToleration::getKey,
            KubernetesToleration::getOperator,
            KubernetesToleration::getValue,
            KubernetesToleration::getEffect,
            KubernetesToleration::getTolerationSeconds)
        .containsExactly(
            tuple("nvidia.com/gpu", "Exists", "", "NoSchedule", 0L),
            tuple("spot", "Equal", "true", "NoExecute", 120L));
    assertThat(used.getServiceAccount()).isEqualTo("metarag-worker");
    assertThat(used.getBackoffLimit()).isEqualTo(6);
    assertThat(used.getActiveDeadlineSeconds()).isEqualTo(86400L);
    assertThat(used.getTtlSecondsAfterFinished()).isEqualTo(3600);
    assertThat(used.getNamespace()).isEqualTo("metarag");
    assertThat(used.getLabelsMap())
        .containsOnly(
            Map.entry("team", "ml-platform"), Map.entry("example.com/cost-center", "cc-42"));

    Job job = build(gpuPool, launch);
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    Container worker = pod.getContainers().getFirst();
    assertThat(job.getMetadata().getNamespace()).isEqualTo("metarag");
    assertThat(job.getSpec().getBackoffLimit()).isEqualTo(6);
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(86400L);
    assertThat(job.getMetadata().getLabels())
        .containsEntry("team", "ml-platform")
        .containsEntry("example.com/cost-center", "cc-42");
    assertThat(worker.getImage()).isEqualTo(used.getImage());
    assertThat(worker.getResources().getLimits())
        .containsEntry("nvidia.com/gpu", new Quantity("1"));
    assertThat(pod.getNodeSelector()).containsExactly(Map.entry("nvidia.com/gpu.present", "true"));
    assertThat(pod.getTolerations())
        .extracting(Toleration::getKey, Toleration::getOperator, Toleration::getTolerationSeconds)
        .containsExactly(tuple("nvidia.com/gpu", "Exists", null), tuple("spot", "Equal", 120L));
    assertThat(pod.getServiceAccountName()).isEqualTo("metarag-worker");
  }

  @Test
  void whatTheRequestSetsWinsAndItsListsReplaceTheDefaultsWhileLabelsAdd() {
    WorkerLaunch launch =
        validated(
            "mt-2",
            gpuPool,
            KubernetesExecutorSpec.newBuilder()
                .setImage("registry.example.com/metarag/meta-trainer-worker:0.3.0-rc1")
                // Explicit zeros: CPU training and no deadline, although the defaults ask for both.
                .setGpus(0)
                .setActiveDeadlineSeconds(0)
                .setBackoffLimit(0)
                .putNodeSelector("pool", "cpu-large")
                .addTolerations(
                    KubernetesToleration.newBuilder()
                        .setKey("dedicated")
                        .setValue("training")
                        .setEffect("NoSchedule"))
                .setServiceAccount("trainer-sa")
                .setCpu("12")
                .putLabels("team", "search")
                .putLabels("run", "ablation-3"));

    KubernetesExecutorSpec used = launch.spec().getKubernetes();
    assertThat(used.getImage()).endsWith(":0.3.0-rc1");
    assertThat(used.getGpus()).isZero();
    assertThat(used.getActiveDeadlineSeconds()).isZero();
    assertThat(used.getBackoffLimit()).isZero();
    assertThat(used.getNodeSelectorMap()).containsExactly(Map.entry("pool", "cpu-large"));
    assertThat(used.getTolerationsList())
        .extracting(KubernetesToleration::getKey)
        .containsExactly("dedicated");
    assertThat(used.getServiceAccount()).isEqualTo("trainer-sa");
    assertThat(used.getCpu()).isEqualTo("12");
    assertThat(used.getMemory()).isEqualTo("6Gi");
    assertThat(used.getLabelsMap())
        .containsOnly(
            Map.entry("team", "search"),
            Map.entry("run", "ablation-3"),
            Map.entry("example.com/cost-center", "cc-42"));

    Job job = build(gpuPool, launch);
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isNull();
    assertThat(pod.getContainers().getFirst().getResources().getLimits())
        .doesNotContainKey("nvidia.com/gpu")
        .containsEntry("cpu", new Quantity("12"));
    assertThat(pod.getNodeSelector()).containsExactly(Map.entry("pool", "cpu-large"));
    assertThat(pod.getTolerations()).extracting(Toleration::getKey).containsExactly("dedicated");
    assertThat(pod.getServiceAccountName()).isEqualTo("trainer-sa");
  }

  @Test
  void withoutADefaultImageTheRequestMustNameOneAndTheErrorSaysBothWays() {
    TrainerConfig.Kubernetes noImage = settings(true);

    assertThatThrownBy(
            () -> validated("mt-3", noImage, KubernetesExecutorSpec.newBuilder().setGpus(1)))
        .isInstanceOfSatisfying(
            InvalidSpecException.class,
            e -> assertThat(e.field()).isEqualTo("spec.kubernetes.image"))
        .hasMessageContaining("Send it in the request")
        .hasMessageContaining("metarag.trainer.kubernetes.default-image");
    // Without a default, the contract's own defaults apply: no GPU, three retries.
    KubernetesExecutorSpec used =
        validated("mt-4", noImage, TestSettings.minimal()).spec().getKubernetes();
    assertThat(used.getGpus()).isZero();
    assertThat(used.getBackoffLimit()).isEqualTo(3);
    assertThat(used.getNamespace()).isEqualTo("ml");
    assertThat(used.getServiceAccount()).isEmpty();
    assertThat(
            build(noImage, validated("mt-4", noImage, TestSettings.minimal()))
                .getSpec()
                .getTemplate()
                .getSpec()
                .getServiceAccountName())
        .isNull();
  }

  @Test
  void theRequestIsStillCheckedFieldByFieldWhenDefaultsExist() {
    assertThatThrownBy(
            () ->
                validated(
                    "mt-5",
                    gpuPool,
                    KubernetesExecutorSpec.newBuilder()
                        .addTolerations(
                            KubernetesToleration.newBuilder()
                                .setKey("spot")
                                .setEffect("NoSchedule")
                                .setTolerationSeconds(30))))
        .isInstanceOfSatisfying(
            InvalidSpecException.class,
            e ->
                assertThat(e.field())
                    .isEqualTo("spec.kubernetes.tolerations[0].toleration_seconds"))
        .hasMessageContaining("NoExecute");
    assertThatThrownBy(
            () ->
                validated(
                    "mt-6", gpuPool, KubernetesExecutorSpec.newBuilder().setGpuResourceName("gpu")))
        .isInstanceOfSatisfying(
            InvalidSpecException.class,
            e -> assertThat(e.field()).isEqualTo("spec.kubernetes.gpu_resource_name"));
  }

  @Test
  void badDefaultsStopTheServiceAtStartUpNamingTheSetting() {
    assertRefused("default-image", "registry.example.com/w:latest", "default-image", "pinned");
    assertRefused("default-image", "registry.example.com/w", "default-image", "pinned");
    assertRefused("default-gpus", "17", "default-gpus", "between 0 and 16");
    assertRefused(
        "default-gpu-resource-name", "gpu", "default-gpu-resource-name", "nvidia.com/gpu");
    assertRefused("default-cpu", "4 cores", "default-cpu", "quantity");
    assertRefused("default-node-selector.\"bad key!\"", "x", "default-node-selector", "label key");
    assertRefused(
        "default-tolerations", "nvidia.com/gpu:NoSchedule", "default-tolerations", "JSON list");
    assertRefused(
        "default-tolerations",
        "[{\"key\":\"a\",\"color\":\"red\"}]",
        "default-tolerations",
        "color");
    assertRefused(
        "default-tolerations",
        "[{\"key\":\"a\",\"operator\":\"Maybe\"}]",
        "default-tolerations[0].operator",
        "Equal or Exists");
    assertRefused("default-service-account", "Metarag_Worker", "default-service-account", "name");
    assertRefused("default-backoff-limit", "101", "default-backoff-limit", "between 0 and 100");
    assertRefused(
        "default-active-deadline-seconds", "-1", "default-active-deadline-seconds", "negative");
    assertRefused("default-labels.\"metarag.dev/job-id\"", "x", "default-labels", "reserved");
    assertRefused("default-labels.team", "ml platform", "default-labels", "label value");
    assertRefused("namespace", "ML", "namespace", "namespace");
    assertRefused("pod-security.run-as-user", "0", "pod-security.run-as-user", "root");
    assertRefused("pod-security.fs-group", "-1", "pod-security.fs-group", "negative");
    assertRefused("cache-dir", "djl-cache", "cache-dir", "absolute");
    assertRefused("cache-dir", "/tmp/djl", "cache-dir", "/tmp");
    assertRefused("cache-dir", "/var/lib/metarag/cache", "cache-dir", "mount-path");
    assertRefused("cache-size-limit", "lots", "cache-size-limit", "quantity");
  }

  /** What the service does at start-up with KUBERNETES enabled: defaults, then the builder. */
  private static void assertRefused(String key, String value, String named, String problem) {
    TrainerConfig.Kubernetes bad = settings(true, Map.of(key, value));
    assertThatThrownBy(
            () -> {
              KubernetesDefaults.from(bad);
              new WorkerJobBuilder(bad);
            })
        .as("%s=%s", key, value)
        .isInstanceOfSatisfying(
            InvalidSettingException.class,
            e -> assertThat(e.key()).isEqualTo("metarag.trainer.kubernetes." + named))
        .hasMessageContaining(problem);
  }

  @Test
  void everyWorkerPodIsNonRootOnAReadOnlyRootWithWritableTmpAndDjlCache() {
    Job job = build(gpuPool, validated("mt-7", gpuPool, null));
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    Container worker = pod.getContainers().getFirst();

    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
    assertThat(pod.getSecurityContext().getRunAsGroup()).isEqualTo(10001L);
    assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(10001L);
    assertThat(pod.getSecurityContext().getFsGroupChangePolicy()).isEqualTo("OnRootMismatch");
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    var c = worker.getSecurityContext();
    assertThat(c.getRunAsNonRoot()).isTrue();
    assertThat(c.getReadOnlyRootFilesystem()).isTrue();
    assertThat(c.getAllowPrivilegeEscalation()).isFalse();
    assertThat(c.getPrivileged()).isFalse();
    assertThat(c.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(c.getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(c.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");

    assertThat(worker.getVolumeMounts())
        .extracting(VolumeMount::getName, VolumeMount::getMountPath)
        .containsExactly(
            tuple("metarag-data", "/var/lib/metarag"),
            tuple("tmp", "/tmp"),
            tuple("djl-cache", "/var/cache/metarag/djl"));
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getEmptyDir() != null)
        .extracting(Volume::getName, v -> v.getEmptyDir().getSizeLimit())
        .containsExactly(
            tuple("tmp", new Quantity("1Gi")), tuple("djl-cache", new Quantity("2Gi")));
    // DJL extracts libtorch where the writable volume is, whatever the image says.
    assertThat(worker.getEnv())
        .extracting(EnvVar::getName, EnvVar::getValue)
        .contains(
            tuple("DJL_CACHE_DIR", "/var/cache/metarag/djl"),
            tuple("ENGINE_CACHE_DIR", "/var/cache/metarag/djl"),
            tuple("OMP_NUM_THREADS", "4"));
  }

  @Test
  void theConfinementIsConfigurableWithinNonRoot() {
    TrainerConfig.Kubernetes custom =
        settings(
            true,
            Map.of(
                "pod-security.run-as-user", "2000",
                "pod-security.run-as-group", "",
                "pod-security.fs-group", "",
                "pod-security.read-only-root-filesystem", "false",
                "cache-dir", "/cache/djl/",
                "cache-size-limit", "",
                "env.\"DJL_CACHE_DIR\"", "/elsewhere"));
    Job job = build(custom, validated("mt-8", custom, TestSettings.minimal()));
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    Container worker = pod.getContainers().getFirst();

    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(2000L);
    // Empty: left to the image (or the platform, as OpenShift assigns ids).
    assertThat(pod.getSecurityContext().getRunAsGroup()).isNull();
    assertThat(pod.getSecurityContext().getFsGroup()).isNull();
    assertThat(pod.getSecurityContext().getFsGroupChangePolicy()).isNull();
    assertThat(worker.getSecurityContext().getReadOnlyRootFilesystem()).isFalse();
    assertThat(worker.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(worker.getVolumeMounts())
        .extracting(VolumeMount::getMountPath)
        .contains("/cache/djl");
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getName().equals("djl-cache"))
        .singleElement()
        .satisfies(v -> assertThat(v.getEmptyDir().getSizeLimit()).isNull());
    assertThat(worker.getEnv())
        .extracting(EnvVar::getName, EnvVar::getValue)
        .contains(tuple("DJL_CACHE_DIR", "/cache/djl"))
        .doesNotContain(tuple("DJL_CACHE_DIR", "/elsewhere"));
  }
}
