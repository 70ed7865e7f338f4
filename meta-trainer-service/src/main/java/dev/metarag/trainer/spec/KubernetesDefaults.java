package dev.metarag.trainer.spec;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.metarag.proto.v1.KubernetesExecutorSpec;
import dev.metarag.trainer.config.InvalidSettingException;
import dev.metarag.trainer.config.TrainerConfig;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The trainer's service-wide defaults of a job's {@code kubernetes} spec
 * (metarag.trainer.kubernetes.default-*), held as a spec whose fields are the defaults. They are
 * checked once, at start-up, with the checks a request gets: a bad default would fail every job
 * alike, so the service refuses to start instead of answering each StartJob with the same error.
 */
public final class KubernetesDefaults {
  private static final String PREFIX = "metarag.trainer.kubernetes.";

  /** No configured defaults: what the contract says when the trainer has none. */
  public static final KubernetesDefaults NONE =
      new KubernetesDefaults(
          KubernetesExecutorSpec.newBuilder()
              .setGpus(0)
              .setGpuResourceName("nvidia.com/gpu")
              .setBackoffLimit(3)
              .setActiveDeadlineSeconds(0)
              .build());

  /** The setting behind each field, to name it when a default is bad. */
  private static final Map<String, String> SETTINGS =
      Map.ofEntries(
          Map.entry("image", "default-image"),
          Map.entry("gpus", "default-gpus"),
          Map.entry("gpu_resource_name", "default-gpu-resource-name"),
          Map.entry("cpu", "default-cpu"),
          Map.entry("memory", "default-memory"),
          Map.entry("node_selector", "default-node-selector"),
          Map.entry("tolerations", "default-tolerations"),
          Map.entry("backoff_limit", "default-backoff-limit"),
          Map.entry("active_deadline_seconds", "default-active-deadline-seconds"),
          Map.entry("ttl_seconds_after_finished", "default-ttl-seconds-after-finished"),
          Map.entry("labels", "default-labels"),
          Map.entry("namespace", "namespace"),
          Map.entry("service_account", "default-service-account"));

  private static final UnaryOperator<String> SETTING_NAMES =
      field -> PREFIX + SETTINGS.getOrDefault(field, field);

  private final KubernetesExecutorSpec template;

  private KubernetesDefaults(KubernetesExecutorSpec template) {
    this.template = template;
  }

  /**
   * The configured defaults, checked.
   *
   * @throws InvalidSettingException naming the first bad setting and what it must be
   */
  public static KubernetesDefaults from(TrainerConfig.Kubernetes config) {
    KubernetesExecutorSpec.Builder t =
        KubernetesExecutorSpec.newBuilder()
            .setImage(config.defaultImage().orElse("").strip())
            .setGpus(config.defaultGpus())
            .setGpuResourceName(config.defaultGpuResourceName())
            .setCpu(config.defaultCpu())
            .setMemory(config.defaultMemory())
            .putAllNodeSelector(config.defaultNodeSelector())
            .setBackoffLimit(config.defaultBackoffLimit())
            .setActiveDeadlineSeconds(config.defaultActiveDeadlineSeconds())
            .setTtlSecondsAfterFinished(config.defaultTtlSecondsAfterFinished())
            .putAllLabels(config.defaultLabels())
            .setNamespace(config.namespace())
            .setServiceAccount(config.defaultServiceAccount().orElse("").strip());
    config.defaultTolerations().ifPresent(json -> tolerations(json, t));
    KubernetesExecutorSpec template = t.build();
    try {
      KubernetesSpecValidator.check(template, SETTING_NAMES);
      Check.that(
          !template.getGpuResourceName().isEmpty(),
          SETTING_NAMES.apply("gpu_resource_name"),
          "must not be empty");
      Check.that(!template.getCpu().isEmpty(), SETTING_NAMES.apply("cpu"), "must not be empty");
      Check.that(
          !template.getMemory().isEmpty(), SETTING_NAMES.apply("memory"), "must not be empty");
      Check.that(
          !template.getNamespace().isEmpty(),
          SETTING_NAMES.apply("namespace"),
          "must not be empty");
    } catch (InvalidSpecException e) {
      throw new InvalidSettingException(
          e.field(), e.getMessage().substring(e.field().length() + 2));
    }
    return new KubernetesDefaults(template);
  }

  /** A spec holding every default; its image is empty when none is configured. */
  public KubernetesExecutorSpec template() {
    return template;
  }

  /** Whether requests may leave the image empty. */
  public boolean hasImage() {
    return !template.getImage().isEmpty();
  }

  private static void tolerations(String json, KubernetesExecutorSpec.Builder t) {
    if (json.isBlank()) {
      return;
    }
    KubernetesExecutorSpec.Builder parsed = KubernetesExecutorSpec.newBuilder();
    try {
      JsonFormat.parser().merge("{\"tolerations\": " + json + "}", parsed);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw new InvalidSettingException(
          SETTING_NAMES.apply("tolerations"),
          "not a JSON list of pod tolerations such as"
              + " [{\"key\":\"nvidia.com/gpu\",\"operator\":\"Exists\",\"effect\":\"NoSchedule\"}]"
              + " (fields key, operator, value, effect, tolerationSeconds): "
              + e.getMessage(),
          e);
    }
    t.addAllTolerations(parsed.getTolerationsList());
  }
}
