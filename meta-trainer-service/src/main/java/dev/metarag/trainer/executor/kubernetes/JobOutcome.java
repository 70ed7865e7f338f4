package dev.metarag.trainer.executor.kubernetes;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How a Kubernetes Job ended, read from its conditions: Complete, or Failed with the controller's
 * reason (BackoffLimitExceeded, DeadlineExceeded, PodFailurePolicy...).
 *
 * @param succeeded whether the Job completed
 * @param message empty on success, otherwise what failed and why
 */
record JobOutcome(boolean succeeded, String message) {
  /**
   * Conditions that mean the Job is ending: its pods failing now are not retried. FailureTarget and
   * SuccessCriteriaMet come before Failed and Complete on recent clusters.
   */
  private static final Set<String> ENDING =
      Set.of("Complete", "Failed", "FailureTarget", "SuccessCriteriaMet");

  /** The Job's outcome when it has a Complete or Failed condition. */
  static Optional<JobOutcome> of(Job job) {
    Optional<JobCondition> failed = condition(job, "Failed");
    if (failed.isPresent()) {
      return Optional.of(new JobOutcome(false, failure(job, failed.get())));
    }
    if (condition(job, "Complete").isPresent()) {
      return Optional.of(new JobOutcome(true, ""));
    }
    return Optional.empty();
  }

  /** Whether the Job has ended or is about to: its pods will not be replaced. */
  static boolean ending(Job job) {
    return conditions(job).stream()
        .anyMatch(c -> ENDING.contains(c.getType()) && "True".equals(c.getStatus()));
  }

  private static String failure(Job job, JobCondition c) {
    String reason = c.getReason() == null || c.getReason().isBlank() ? "Failed" : c.getReason();
    StringBuilder m =
        new StringBuilder("the Kubernetes Job ")
            .append(job.getMetadata().getName())
            .append(" failed: ")
            .append(reason);
    if (c.getMessage() != null && !c.getMessage().isBlank()) {
      m.append(" (").append(c.getMessage().strip()).append(')');
    }
    if (job.getSpec() != null) {
      if ("BackoffLimitExceeded".equals(reason) && job.getSpec().getBackoffLimit() != null) {
        m.append("; its pods failed more than backoffLimit=")
            .append(job.getSpec().getBackoffLimit())
            .append(" times");
      } else if ("DeadlineExceeded".equals(reason)
          && job.getSpec().getActiveDeadlineSeconds() != null) {
        m.append("; it ran longer than activeDeadlineSeconds=")
            .append(job.getSpec().getActiveDeadlineSeconds());
      }
    }
    return m.toString();
  }

  private static Optional<JobCondition> condition(Job job, String type) {
    return conditions(job).stream()
        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
        .findFirst();
  }

  private static List<JobCondition> conditions(Job job) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return List.of();
    }
    return job.getStatus().getConditions();
  }
}
