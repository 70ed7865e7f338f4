package dev.metarag.trainer.executor.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.List;
import java.util.Optional;

/** What a worker pod's status says: running, ended, or lost to a failure or a disruption. */
final class PodStates {

  /**
   * Why a pod's worker is gone.
   *
   * @param reason for people: the pod, what happened, and the container's exit
   * @param disruption the pod was preempted, evicted or drained (a DisruptionTarget condition): the
   *     Job does not count it against its backoff limit
   */
  record Failure(String reason, boolean disruption) {}

  private PodStates() {}

  static String uid(Pod pod) {
    String uid = pod.getMetadata().getUid();
    return uid != null ? uid : pod.getMetadata().getName();
  }

  static boolean running(Pod pod) {
    PodStatus s = pod.getStatus();
    return s != null
        && "Running".equals(s.getPhase())
        && pod.getMetadata().getDeletionTimestamp() == null
        && disruption(s).isEmpty();
  }

  static boolean succeeded(Pod pod) {
    return pod.getStatus() != null && "Succeeded".equals(pod.getStatus().getPhase());
  }

  /** The pod's failure, when it failed or is being disrupted; empty while it runs or succeeded. */
  static Optional<Failure> failure(Pod pod) {
    PodStatus s = pod.getStatus();
    if (s == null) {
      return Optional.empty();
    }
    Optional<PodCondition> disruption = disruption(s);
    boolean failed = "Failed".equals(s.getPhase());
    if (!failed && disruption.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder why = new StringBuilder("pod ").append(pod.getMetadata().getName());
    if (disruption.isPresent()) {
      why.append(" was disrupted");
      appendReason(why, disruption.get().getReason(), disruption.get().getMessage());
    } else {
      why.append(" failed");
    }
    appendReason(why, s.getReason(), s.getMessage());
    exit(s).ifPresent(e -> why.append("; ").append(e));
    return Optional.of(new Failure(why.toString(), disruption.isPresent()));
  }

  /** The pod's end when it was deleted before its status said so. */
  static Failure deleted(Pod pod) {
    return new Failure("pod " + pod.getMetadata().getName() + " was deleted", false);
  }

  private static Optional<PodCondition> disruption(PodStatus s) {
    List<PodCondition> conditions = s.getConditions();
    if (conditions == null) {
      return Optional.empty();
    }
    return conditions.stream()
        .filter(c -> WorkerJobBuilder.DISRUPTION_TARGET.equals(c.getType()))
        .filter(c -> "True".equals(c.getStatus()))
        .findFirst();
  }

  private static Optional<String> exit(PodStatus s) {
    if (s.getContainerStatuses() == null) {
      return Optional.empty();
    }
    for (ContainerStatus c : s.getContainerStatuses()) {
      ContainerStateTerminated t = c.getState() == null ? null : c.getState().getTerminated();
      if (t != null && t.getExitCode() != null) {
        String text = "container " + c.getName() + " exited with code " + t.getExitCode();
        if (t.getReason() != null && !t.getReason().isBlank()) {
          text += " (" + t.getReason() + ")";
        }
        return Optional.of(text);
      }
    }
    return Optional.empty();
  }

  private static void appendReason(StringBuilder out, String reason, String message) {
    boolean hasReason = reason != null && !reason.isBlank();
    boolean hasMessage = message != null && !message.isBlank();
    if (hasReason) {
      out.append(": ").append(reason);
    }
    if (hasMessage) {
      out.append(hasReason ? " (" : ": ").append(message.strip()).append(hasReason ? ")" : "");
    }
  }
}
