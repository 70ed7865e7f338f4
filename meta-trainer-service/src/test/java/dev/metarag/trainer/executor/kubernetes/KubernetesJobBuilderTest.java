package dev.metarag.trainer.executor.kubernetes;

import static dev.metarag.trainer.executor.kubernetes.TestSettings.launch;
import static dev.metarag.trainer.executor.kubernetes.TestSettings.minimal;
import static dev.metarag.trainer.executor.kubernetes.TestSettings.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metarag.proto.v1.KubernetesToleration;
import dev.metarag.trainer.executor.WorkerLaunch;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The batch/v1 Job built for a job's worker, and the names derived from job ids. */
class KubernetesJobBuilderTest {
  private static final Pattern DNS_1123_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
  private final WorkerJobBuilder builder = new WorkerJobBuilder(settings(true));

  @Test
  void gpuJobCarriesEverythingTheSpecAsks() {
    WorkerLaunch launch =
        launch(
            "mt-20261130-0007",
            minimal()
                .setGpus(2)
                .setGpuResourceName("nvidia.com/gpu")
                .setCpu("3500m")
                .setMemory("12Gi")
                .putNodeSelector("cloud.google.com/gke-accelerator", "nvidia-l4")
                .addTolerations(
                    KubernetesToleration.newBuilder()
                        .setKey("nvidia.com/gpu")
                        .setOperator("Exists")
                        .setEffect("NoSchedule"))
                .addTolerations(
                    KubernetesToleration.newBuilder()
                        .setKey("spot")
                        .setOperator("Equal")
                        .setValue("true")
                        .setEffect("NoExecute")
                        .setTolerationSeconds(120))
                .setBackoffLimit(5)
                .setActiveDeadlineSeconds(7200)
                .setTtlSecondsAfterFinished(600)
                .putLabels("team", "search")
                .setServiceAccount("metarag-worker"));

    Job job = builder.build(launch);

    assertThat(job.getApiVersion()).isEqualTo("batch/v1");
    assertThat(job.getKind()).isEqualTo("Job");
    assertThat(job.getMetadata().getName()).isEqualTo("metarag-mt-20261130-0007");
    assertThat(job.getMetadata().getNamespace()).isEqualTo("ml");
    Map<String, String> labels =
        Map.of(
            "app.kubernetes.io/name", "metarag-meta-trainer",
            "app.kubernetes.io/managed-by", "metarag",
            "metarag.dev/job-id", "mt-20261130-0007",
            "team", "search");
    assertThat(job.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(labels);
    assertThat(job.getMetadata().getAnnotations())
        .containsEntry("metarag.dev/job-id", "mt-20261130-0007");

    JobSpec spec = job.getSpec();
    assertThat(spec.getBackoffLimit()).isEqualTo(5);
    assertThat(spec.getActiveDeadlineSeconds()).isEqualTo(7200L);
    assertThat(spec.getTtlSecondsAfterFinished()).isEqualTo(600);
    assertThat(spec.getCompletions()).isEqualTo(1);
    assertThat(spec.getParallelism()).isEqualTo(1);
    // A replacement pod waits for the failed one to be gone: never two workers on one directory.
    assertThat(spec.getPodReplacementPolicy()).isEqualTo("Failed");
    // Preemptions and evictions are retried without using up the backoff limit.
    assertThat(spec.getPodFailurePolicy().getRules())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getAction()).isEqualTo("Ignore");
              assertThat(r.getOnPodConditions())
                  .singleElement()
                  .satisfies(
                      c -> {
                        assertThat(c.getType()).isEqualTo("DisruptionTarget");
                        assertThat(c.getStatus()).isEqualTo("True");
                      });
            });
    assertThat(spec.getTemplate().getMetadata().getLabels())
        .containsExactlyInAnyOrderEntriesOf(labels);

    PodSpec pod = spec.getTemplate().getSpec();
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getServiceAccountName()).isEqualTo("metarag-worker");
    assertThat(pod.getNodeSelector())
        .containsExactly(Map.entry("cloud.google.com/gke-accelerator", "nvidia-l4"));
    assertThat(pod.getTolerations())
        .extracting(
            Toleration::getKey,
            Toleration::getOperator,
            Toleration::getValue,
            Toleration::getEffect,
            Toleration::getTolerationSeconds)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "nvidia.com/gpu", "Exists", null, "NoSchedule", null),
            org.assertj.core.groups.Tuple.tuple("spot", "Equal", "true", "NoExecute", 120L));
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getPersistentVolumeClaim() != null)
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.getName()).isEqualTo("metarag-data");
              assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("metarag-shared");
            });

    Container c = pod.getContainers().get(0);
    assertThat(pod.getContainers()).hasSize(1);
    assertThat(c.getImage()).isEqualTo("registry.example.com/metarag-worker:0.1.0");
    assertThat(c.getCommand()).containsExactly("/opt/metarag/bin/meta-trainer-worker", "--quiet");
    assertThat(c.getArgs())
        .containsExactly("--job-dir", "/var/lib/metarag/meta-trainer/jobs/mt-20261130-0007");
    assertThat(c.getVolumeMounts())
        .filteredOn(m -> m.getName().equals("metarag-data"))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.getName()).isEqualTo("metarag-data");
              assertThat(m.getMountPath()).isEqualTo("/var/lib/metarag");
            });
    assertThat(c.getResources().getLimits())
        .containsOnly(
            Map.entry("nvidia.com/gpu", new Quantity("2")),
            Map.entry("cpu", new Quantity("3500m")),
            Map.entry("memory", new Quantity("12Gi")));
    assertThat(c.getResources().getRequests())
        .containsOnly(
            Map.entry("cpu", new Quantity("3500m")), Map.entry("memory", new Quantity("12Gi")));
    assertThat(c.getEnv())
        .extracting(EnvVar::getName, EnvVar::getValue)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("DJL_CACHE_DIR", "/var/cache/metarag/djl"),
            org.assertj.core.groups.Tuple.tuple("ENGINE_CACHE_DIR", "/var/cache/metarag/djl"),
            org.assertj.core.groups.Tuple.tuple("JAVA_TOOL_OPTIONS", "-Xmx5g"),
            org.assertj.core.groups.Tuple.tuple("MALLOC_ARENA_MAX", "2"),
            org.assertj.core.groups.Tuple.tuple("MALLOC_MMAP_THRESHOLD_", "1048576"),
            org.assertj.core.groups.Tuple.tuple("MALLOC_TRIM_THRESHOLD_", "16777216"),
            org.assertj.core.groups.Tuple.tuple("METARAG_WORKER_GPUS", "2"),
            org.assertj.core.groups.Tuple.tuple("OMP_NUM_THREADS", "4"),
            org.assertj.core.groups.Tuple.tuple("OMP_WAIT_POLICY", "PASSIVE"));
  }

  @Test
  void unsetOptionsTakeTheConfiguredDefaults() {
    Job job =
        builder.build(
            launch("mt-20261130-0008", minimal().setNamespace("").setGpuResourceName("")));

    assertThat(job.getMetadata().getNamespace()).isEqualTo("metarag");
    assertThat(job.getSpec().getBackoffLimit()).isEqualTo(3);
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isNull();
    assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(3600);
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getServiceAccountName()).isNull();
    assertThat(pod.getNodeSelector()).isNullOrEmpty();
    assertThat(pod.getTolerations()).isEmpty();
    Container c = pod.getContainers().get(0);
    // No GPU asked: no GPU resource at all, so the pod fits CPU nodes.
    assertThat(c.getResources().getLimits())
        .containsOnly(
            Map.entry("cpu", new Quantity("2")), Map.entry("memory", new Quantity("6Gi")));
    assertThat(c.getResources().getRequests()).isEqualTo(c.getResources().getLimits());
  }

  @Test
  void otherGpuResourceNamesAndZeroTtlAreKept() {
    Job job =
        builder.build(
            launch(
                "mt-20261130-0009",
                minimal()
                    .setGpus(1)
                    .setGpuResourceName("amd.com/gpu")
                    .setTtlSecondsAfterFinished(0)
                    .setBackoffLimit(0)));

    assertThat(job.getSpec().getTtlSecondsAfterFinished()).isZero();
    assertThat(job.getSpec().getBackoffLimit()).isZero();
    assertThat(
            job.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits())
        .containsEntry("amd.com/gpu", new Quantity("1"))
        .doesNotContainKey("nvidia.com/gpu");
  }

  @Test
  void theJobDirectoryIsPassedAsThePodSeesIt() {
    var sameMount =
        settings(true, Map.of("mount-path", "/var/lib/metarag/", "service-mount-path", ""));
    WorkerJobBuilder same = new WorkerJobBuilder(sameMount);
    assertThat(same.podJobDirectory(Path.of("/var/lib/metarag/meta-trainer/jobs/mt-1")))
        .isEqualTo("/var/lib/metarag/meta-trainer/jobs/mt-1");
    assertThat(builder.podJobDirectory(Path.of("/srv/metarag/x/../jobs/mt-2")))
        .isEqualTo("/var/lib/metarag/jobs/mt-2");

    assertThatThrownBy(() -> builder.podJobDirectory(Path.of("/srv/metarag-other/jobs/mt-3")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/srv/metarag-other/jobs/mt-3")
        .hasMessageContaining("metarag.trainer.kubernetes.service-mount-path");
  }

  @Test
  void jobNamesAreValidDnsLabelsAndDistinct() {
    assertThat(JobNames.jobName("mt-20261130-0001")).isEqualTo("metarag-mt-20261130-0001");

    String longId = "mt-" + "x".repeat(80) + "-0001";
    String name = JobNames.jobName(longId);
    assertThat(name).hasSizeLessThanOrEqualTo(63).matches(DNS_1123_LABEL).startsWith("metarag-mt-");
    assertThat(JobNames.jobName(longId.replace("0001", "0002"))).isNotEqualTo(name);

    String odd = JobNames.jobName("MT_2026/11.30--");
    assertThat(odd).hasSizeLessThanOrEqualTo(63).matches(DNS_1123_LABEL);
    // Cleaning loses information, so a hash keeps ids apart that clean to the same text.
    assertThat(JobNames.jobName("mt_1")).isNotEqualTo(JobNames.jobName("mt-1"));
    assertThat(JobNames.jobName("MT-1")).isNotEqualTo(JobNames.jobName("mt-1"));
    assertThat(JobNames.jobName("___")).matches(DNS_1123_LABEL);

    assertThat(JobNames.labelValue("mt-20261130-0001")).isEqualTo("mt-20261130-0001");
    assertThat(JobNames.labelValue("MT_1.a")).isEqualTo("MT_1.a");
    assertThat(JobNames.labelValue("a/b")).isEqualTo(JobNames.jobName("a/b"));
    assertThat(JobNames.labelValue(longId)).isEqualTo(name);
  }
}
