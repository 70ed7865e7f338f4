package dev.metarag.trainer.executor.kubernetes;

import dev.metarag.proto.v1.KubernetesExecutorSpec;
import dev.metarag.proto.v1.KubernetesToleration;
import dev.metarag.trainer.config.TrainerConfig;
import dev.metarag.trainer.executor.WorkerEnvironment;
import dev.metarag.trainer.executor.WorkerLaunch;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a job's {@link WorkerLaunch} into the batch/v1 Job that runs its worker: one pod at a time,
 * restartPolicy Never, so a pod that dies (crash, eviction, preemption) is replaced by the Job
 * controller and the new worker resumes from the job directory's last checkpoint. Disruptions (pods
 * with a DisruptionTarget condition: preemption, eviction, node drain) do not count against the
 * backoff limit, and a replacement starts only once the previous pod has fully ended, so two
 * workers never write the same job directory.
 *
 * <p>The job's {@code kubernetes} spec arrives completed with the trainer's defaults (StartJob's
 * validation did that and stored it); the settings here only fill what specs stored by older
 * versions may lack. Every pod is confined by {@link WorkerPodSecurity} and mounts no API token.
 */
final class WorkerJobBuilder {
  static final String LABEL_NAME = "app.kubernetes.io/name";
  static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
  static final String LABEL_JOB_ID = "metarag.dev/job-id";
  static final String ANNOTATION_JOB_ID = "metarag.dev/job-id";
  static final String APP_NAME = "metarag-meta-trainer";
  static final String MANAGER = "metarag";
  static final String CONTAINER = "worker";
  static final String VOLUME = "metarag-data";
  static final String DISRUPTION_TARGET = "DisruptionTarget";
  static final int DEFAULT_BACKOFF_LIMIT = 3;
  private static final String DEFAULT_GPU_RESOURCE = "nvidia.com/gpu";

  /** The worker's variable for the GPUs its pod was given (meta-trainer-worker's EngineInfo). */
  static final String WORKER_GPUS = "METARAG_WORKER_GPUS";

  private final TrainerConfig.Kubernetes config;
  private final WorkerPodSecurity security;

  /**
   * @throws dev.metarag.trainer.config.InvalidSettingException when a pod security setting is bad
   */
  WorkerJobBuilder(TrainerConfig.Kubernetes config) {
    this.config = config;
    this.security = new WorkerPodSecurity(config);
  }

  /** The namespace of a job's Kubernetes Job: the spec's, else the configured one. */
  String namespace(WorkerLaunch launch) {
    String ns = launch.spec().getKubernetes().getNamespace();
    return ns.isEmpty() ? config.namespace() : ns;
  }

  Job build(WorkerLaunch launch) {
    KubernetesExecutorSpec k = launch.spec().getKubernetes();
    Map<String, String> labels = labels(launch.jobId(), k);
    List<String> args = List.of("--job-dir", podJobDirectory(launch.jobDirectory()));
    return new JobBuilder()
        .withNewMetadata()
        .withName(JobNames.jobName(launch.jobId()))
        .withNamespace(namespace(launch))
        .withLabels(labels)
        .withAnnotations(Map.of(ANNOTATION_JOB_ID, launch.jobId()))
        .endMetadata()
        .withNewSpec()
        .withCompletions(1)
        .withParallelism(1)
        .withBackoffLimit(k.hasBackoffLimit() ? k.getBackoffLimit() : DEFAULT_BACKOFF_LIMIT)
        .withActiveDeadlineSeconds(
            k.getActiveDeadlineSeconds() > 0 ? k.getActiveDeadlineSeconds() : null)
        .withTtlSecondsAfterFinished(
            k.hasTtlSecondsAfterFinished()
                ? k.getTtlSecondsAfterFinished()
                : config.defaultTtlSecondsAfterFinished())
        .withPodReplacementPolicy("Failed")
        .withNewPodFailurePolicy()
        .addNewRule()
        .withAction("Ignore")
        .addNewOnPodCondition()
        .withType(DISRUPTION_TARGET)
        .withStatus("True")
        .endOnPodCondition()
        .endRule()
        .endPodFailurePolicy()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .withAnnotations(Map.of(ANNOTATION_JOB_ID, launch.jobId()))
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withServiceAccountName(k.getServiceAccount().isEmpty() ? null : k.getServiceAccount())
        // Workers never call the API server.
        .withAutomountServiceAccountToken(false)
        .withSecurityContext(security.podContext())
        .withNodeSelector(
            k.getNodeSelectorCount() == 0 ? null : new TreeMap<>(k.getNodeSelectorMap()))
        .withTolerations(tolerations(k))
        .addNewContainer()
        .withName(CONTAINER)
        .withImage(k.getImage())
        .withCommand(config.command())
        .withArgs(args)
        .withEnv(env(k))
        .withResources(resources(k))
        .withSecurityContext(security.containerContext())
        .addNewVolumeMount()
        .withName(VOLUME)
        .withMountPath(config.mountPath())
        .endVolumeMount()
        .addAllToVolumeMounts(security.mounts())
        .endContainer()
        .addNewVolume()
        .withName(VOLUME)
        .withNewPersistentVolumeClaim()
        .withClaimName(config.volumeClaim())
        .endPersistentVolumeClaim()
        .endVolume()
        .addAllToVolumes(security.volumes())
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /**
   * The job directory as the pod sees it: its place under the service's mount of the shared claim,
   * moved under the pod's mount path.
   *
   * @throws IllegalArgumentException when the directory is not on the shared claim
   */
  String podJobDirectory(Path jobDirectory) {
    Path root = serviceRoot();
    Path dir = jobDirectory.toAbsolutePath().normalize();
    if (!dir.startsWith(root)) {
      throw new IllegalArgumentException(
          "the job directory "
              + dir
              + " is not on the shared volume the service mounts at "
              + root
              + " (metarag.trainer.kubernetes.service-mount-path)");
    }
    String base = config.mountPath();
    while (base.length() > 1 && base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    List<String> parts = new ArrayList<>();
    root.relativize(dir).forEach(p -> parts.add(p.toString()));
    parts.removeIf(String::isEmpty);
    if (parts.isEmpty()) {
      return base;
    }
    return (base.equals("/") ? "" : base) + "/" + String.join("/", parts);
  }

  /** Where this service sees the root of the shared claim. */
  Path serviceRoot() {
    return config
        .serviceMountPath()
        .orElse(Path.of(config.mountPath()))
        .toAbsolutePath()
        .normalize();
  }

  private static Map<String, String> labels(String jobId, KubernetesExecutorSpec k) {
    Map<String, String> labels = new LinkedHashMap<>(new TreeMap<>(k.getLabelsMap()));
    labels.put(LABEL_NAME, APP_NAME);
    labels.put(LABEL_MANAGED_BY, MANAGER);
    labels.put(LABEL_JOB_ID, JobNames.labelValue(jobId));
    return labels;
  }

  private ResourceRequirements resources(KubernetesExecutorSpec k) {
    Quantity cpu = new Quantity(k.getCpu().isEmpty() ? config.defaultCpu() : k.getCpu());
    Quantity memory =
        new Quantity(k.getMemory().isEmpty() ? config.defaultMemory() : k.getMemory());
    ResourceRequirementsBuilder r =
        new ResourceRequirementsBuilder()
            .addToRequests("cpu", cpu)
            .addToRequests("memory", memory)
            .addToLimits("cpu", cpu)
            .addToLimits("memory", memory);
    if (k.getGpus() > 0) {
      String gpu = k.getGpuResourceName().isEmpty() ? DEFAULT_GPU_RESOURCE : k.getGpuResourceName();
      // Extended resources are limits only; the request defaults to the limit.
      r.addToLimits(gpu, new Quantity(Integer.toString(k.getGpus())));
    }
    return r.build();
  }

  private static List<Toleration> tolerations(KubernetesExecutorSpec k) {
    List<Toleration> out = new ArrayList<>();
    for (KubernetesToleration t : k.getTolerationsList()) {
      out.add(
          new TolerationBuilder()
              .withKey(emptyToNull(t.getKey()))
              .withOperator(emptyToNull(t.getOperator()))
              .withValue(emptyToNull(t.getValue()))
              .withEffect(emptyToNull(t.getEffect()))
              .withTolerationSeconds(t.hasTolerationSeconds() ? t.getTolerationSeconds() : null)
              .build());
    }
    return out;
  }

  /**
   * The workers' default environment overlaid with the configured one; the DJL cache variables
   * always point at the cache volume, and the worker is told how many GPUs it was given, so that it
   * can say when it cannot use them.
   */
  private List<EnvVar> env(KubernetesExecutorSpec k) {
    Map<String, String> vars = new TreeMap<>(WorkerEnvironment.DEFAULTS);
    vars.putAll(config.env());
    vars.putAll(security.env());
    vars.put(WORKER_GPUS, Integer.toString(k.getGpus()));
    List<EnvVar> env = new ArrayList<>();
    vars.forEach((name, value) -> env.add(new EnvVar(name, value, null)));
    return env;
  }

  private static String emptyToNull(String s) {
    return s.isEmpty() ? null : s;
  }
}
