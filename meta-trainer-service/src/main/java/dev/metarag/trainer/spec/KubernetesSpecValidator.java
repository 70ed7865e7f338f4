package dev.metarag.trainer.spec;

import dev.metarag.proto.v1.KubernetesExecutorSpec;
import dev.metarag.proto.v1.KubernetesToleration;
import dev.metarag.security.limits.Quoted;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks the KUBERNETES executor options against what the API server would accept. */
final class KubernetesSpecValidator {
  private static final Pattern QUANTITY =
      Pattern.compile("^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$");
  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");
  private static final Pattern LABEL_NAME =
      Pattern.compile(
          "^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$");
  private static final Pattern LABEL_VALUE =
      Pattern.compile("^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$");
  private static final Set<String> OPERATORS = Set.of("", "Equal", "Exists");
  private static final Set<String> EFFECTS =
      Set.of("", "NoSchedule", "PreferNoSchedule", "NoExecute");
  static final String RESERVED_LABEL_PREFIX = "metarag.dev/";

  private KubernetesSpecValidator() {}

  static KubernetesExecutorSpec validate(KubernetesExecutorSpec k) {
    String f = "spec.kubernetes";
    Check.that(
        !k.getImage().isBlank(),
        f + ".image",
        "required: a worker image with a pinned tag or digest");
    Check.that(
        pinned(k.getImage()),
        f + ".image",
        "needs a pinned tag or digest, not latest: " + Quoted.of(k.getImage()));
    Check.that(
        k.getGpus() >= 0 && k.getGpus() <= 16,
        f + ".gpus",
        "must be between 0 and 16, got " + k.getGpus());
    Check.that(
        k.getCpu().isEmpty() || QUANTITY.matcher(k.getCpu()).matches(),
        f + ".cpu",
        "not a Kubernetes quantity: " + Quoted.of(k.getCpu()));
    Check.that(
        k.getMemory().isEmpty() || QUANTITY.matcher(k.getMemory()).matches(),
        f + ".memory",
        "not a Kubernetes quantity: " + Quoted.of(k.getMemory()));
    Check.that(
        !k.hasBackoffLimit() || (k.getBackoffLimit() >= 0 && k.getBackoffLimit() <= 100),
        f + ".backoff_limit",
        "must be between 0 and 100, got " + k.getBackoffLimit());
    Check.that(
        k.getActiveDeadlineSeconds() >= 0, f + ".active_deadline_seconds", "must not be negative");
    Check.that(
        !k.hasTtlSecondsAfterFinished() || k.getTtlSecondsAfterFinished() >= 0,
        f + ".ttl_seconds_after_finished",
        "must not be negative");
    Check.that(
        k.getNamespace().isEmpty() || DNS_LABEL.matcher(k.getNamespace()).matches(),
        f + ".namespace",
        "not a valid namespace name: " + Quoted.of(k.getNamespace()));
    Check.that(
        k.getServiceAccount().isEmpty() || LABEL_NAME.matcher(k.getServiceAccount()).matches(),
        f + ".service_account",
        "not a valid name: " + Quoted.of(k.getServiceAccount()));
    for (int i = 0; i < k.getTolerationsCount(); i++) {
      toleration(f + ".tolerations[" + i + "]", k.getTolerations(i));
    }
    labels(f + ".node_selector", k.getNodeSelectorMap(), false);
    labels(f + ".labels", k.getLabelsMap(), true);
    KubernetesExecutorSpec.Builder out = k.toBuilder();
    if (!k.hasBackoffLimit()) {
      out.setBackoffLimit(3);
    }
    if (k.getGpuResourceName().isEmpty()) {
      out.setGpuResourceName("nvidia.com/gpu");
    }
    return out.build();
  }

  private static boolean pinned(String image) {
    if (image.contains("@sha256:")) {
      return true;
    }
    int slash = image.lastIndexOf('/');
    int colon = image.lastIndexOf(':');
    return colon > slash && !image.substring(colon + 1).equals("latest");
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
  }

  private static void labels(String f, Map<String, String> labels, boolean reservePrefix) {
    labels.forEach(
        (key, value) -> {
          Check.that(
              LABEL_NAME.matcher(key).matches(), f, "not a valid label key: " + Quoted.of(key));
          Check.that(
              LABEL_VALUE.matcher(value).matches(),
              f,
              "not a valid label value for " + Quoted.of(key) + ": " + Quoted.of(value));
          Check.that(
              !reservePrefix || !key.startsWith(RESERVED_LABEL_PREFIX),
              f,
              "the prefix " + RESERVED_LABEL_PREFIX + " is reserved: " + Quoted.of(key));
        });
  }
}
