package dev.metarag.trainer.spec;

import dev.metarag.proto.v1.KubernetesExecutorSpec;
import dev.metarag.proto.v1.KubernetesToleration;
import dev.metarag.security.limits.Quoted;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Checks the KUBERNETES executor options against what the API server would accept, and completes a
 * request with the trainer's defaults. The same checks apply to the defaults themselves at
 * start-up, naming the setting instead of the request field.
 */
final class KubernetesSpecValidator {
  private static final Set<String> OPERATORS = Set.of("", "Equal", "Exists");
  private static final Set<String> EFFECTS =
      Set.of("", "NoSchedule", "PreferNoSchedule", "NoExecute");
  static final String RESERVED_LABEL_PREFIX = "metarag.dev/";

  /** Request fields are named by their path in StartJob's request. */
  static final UnaryOperator<String> REQUEST_FIELDS = field -> "spec.kubernetes." + field;

  private KubernetesSpecValidator() {}

  /**
   * The request's options completed with the defaults: what the worker Job will use.
   *
   * @throws InvalidSpecException naming the first bad field of the request
   */
  static KubernetesExecutorSpec validate(
      KubernetesExecutorSpec requested, KubernetesDefaults defaults) {
    check(requested, REQUEST_FIELDS);
    KubernetesExecutorSpec resolved = complete(requested, defaults.template());
    Check.that(
        !resolved.getImage().isBlank(),
        REQUEST_FIELDS.apply("image"),
        "required: a worker image with a pinned tag or digest (for example"
            + " registry.example.com/metarag/meta-trainer-worker:0.1.0). Send it in the request, or"
            + " configure the trainer's default with metarag.trainer.kubernetes.default-image");
    return resolved;
  }

  /**
   * Checks every field that is set; empty or unset fields are left to the defaults.
   *
   * @param names the name shown for a field, from its proto name (for example {@code image})
   */
  static void check(KubernetesExecutorSpec k, UnaryOperator<String> names) {
    Check.that(
        k.getImage().isBlank() || KubernetesSyntax.pinnedImage(k.getImage()),
        names.apply("image"),
        "needs a pinned tag or digest, not latest: " + Quoted.of(k.getImage()));
    Check.that(
        !k.hasGpus() || (k.getGpus() >= 0 && k.getGpus() <= 16),
        names.apply("gpus"),
        "must be between 0 and 16, got " + k.getGpus());
    Check.that(
        k.getGpuResourceName().isEmpty()
            || KubernetesSyntax.extendedResourceName(k.getGpuResourceName()),
        names.apply("gpu_resource_name"),
        "not an extended resource name such as nvidia.com/gpu or amd.com/gpu: "
            + Quoted.of(k.getGpuResourceName()));
    Check.that(
        k.getCpu().isEmpty() || KubernetesSyntax.quantity(k.getCpu()),
        names.apply("cpu"),
        "not a Kubernetes quantity: " + Quoted.of(k.getCpu()));
    Check.that(
        k.getMemory().isEmpty() || KubernetesSyntax.quantity(k.getMemory()),
        names.apply("memory"),
        "not a Kubernetes quantity: " + Quoted.of(k.getMemory()));
    Check.that(
        !k.hasBackoffLimit() || (k.getBackoffLimit() >= 0 && k.getBackoffLimit() <= 100),
        names.apply("backoff_limit"),
        "must be between 0 and 100, got " + k.getBackoffLimit());
    Check.that(
        k.getActiveDeadlineSeconds() >= 0,
        names.apply("active_deadline_seconds"),
        "must not be negative");
    Check.that(
        !k.hasTtlSecondsAfterFinished() || k.getTtlSecondsAfterFinished() >= 0,
        names.apply("ttl_seconds_after_finished"),
        "must not be negative");
    Check.that(
        k.getNamespace().isEmpty() || KubernetesSyntax.dnsLabel(k.getNamespace()),
        names.apply("namespace"),
        "not a valid namespace name: " + Quoted.of(k.getNamespace()));
    Check.that(
        k.getServiceAccount().isEmpty() || KubernetesSyntax.dnsSubdomain(k.getServiceAccount()),
        names.apply("service_account"),
        "not a valid service account name: " + Quoted.of(k.getServiceAccount()));
    for (int i = 0; i < k.getTolerationsCount(); i++) {
      toleration(names.apply("tolerations") + "[" + i + "]", k.getTolerations(i));
    }
    labels(names.apply("node_selector"), k.getNodeSelectorMap(), false);
    labels(names.apply("labels"), k.getLabelsMap(), true);
  }

  /**
   * The request with every empty or unset field taken from the defaults. node_selector and
   * tolerations are replaced as a whole (a request that targets other nodes must be able to drop
   * the default's GPU pool); labels are added to the default labels, the request's value winning.
   */
  static KubernetesExecutorSpec complete(KubernetesExecutorSpec r, KubernetesExecutorSpec d) {
    KubernetesExecutorSpec.Builder out = r.toBuilder();
    if (r.getImage().isBlank()) {
      out.setImage(d.getImage());
    }
    if (!r.hasGpus()) {
      out.setGpus(d.getGpus());
    }
    if (r.getGpuResourceName().isEmpty()) {
      out.setGpuResourceName(d.getGpuResourceName());
    }
    if (r.getCpu().isEmpty()) {
      out.setCpu(d.getCpu());
    }
    if (r.getMemory().isEmpty()) {
      out.setMemory(d.getMemory());
    }
    if (r.getNodeSelectorCount() == 0) {
      out.putAllNodeSelector(d.getNodeSelectorMap());
    }
    if (r.getTolerationsCount() == 0) {
      out.addAllTolerations(d.getTolerationsList());
    }
    if (!r.hasBackoffLimit()) {
      out.setBackoffLimit(d.getBackoffLimit());
    }
    if (!r.hasActiveDeadlineSeconds()) {
      out.setActiveDeadlineSeconds(d.getActiveDeadlineSeconds());
    }
    if (!r.hasTtlSecondsAfterFinished() && d.hasTtlSecondsAfterFinished()) {
      out.setTtlSecondsAfterFinished(d.getTtlSecondsAfterFinished());
    }
    out.clearLabels().putAllLabels(d.getLabelsMap()).putAllLabels(r.getLabelsMap());
    if (r.getNamespace().isEmpty()) {
      out.setNamespace(d.getNamespace());
    }
    if (r.getServiceAccount().isEmpty()) {
      out.setServiceAccount(d.getServiceAccount());
    }
    return out.build();
  }

  private static void toleration(String f, KubernetesToleration t) {
    Check.that(
        OPERATORS.contains(t.getOperator()),
        f + ".operator",
        "must be Equal or Exists, got " + Quoted.of(t.getOperator()));
    Check.that(
        EFFECTS.contains(t.getEffect()),
        f + ".effect",
        "must be NoSchedule, PreferNoSchedule or NoExecute, got " + Quoted.of(t.getEffect()));
    Check.that(
        !t.getOperator().equals("Exists") || t.getValue().isEmpty(),
        f + ".value",
        "must be empty with operator Exists");
    Check.that(
        !t.getKey().isEmpty() || t.getOperator().equals("Exists"),
        f + ".key",
        "may be empty only with operator Exists");
    Check.that(
        !t.hasTolerationSeconds() || t.getEffect().equals("NoExecute"),
        f + ".toleration_seconds",
        "applies only with effect NoExecute");
  }

  private static void labels(String f, Map<String, String> labels, boolean reservePrefix) {
    labels.forEach(
        (key, value) -> {
          Check.that(
              KubernetesSyntax.qualifiedName(key), f, "not a valid label key: " + Quoted.of(key));
          Check.that(
              KubernetesSyntax.labelValue(value),
              f,
              "not a valid label value for " + Quoted.of(key) + ": " + Quoted.of(value));
          Check.that(
              !reservePrefix || !key.startsWith(RESERVED_LABEL_PREFIX),
              f,
              "the prefix " + RESERVED_LABEL_PREFIX + " is reserved: " + Quoted.of(key));
        });
  }
}
