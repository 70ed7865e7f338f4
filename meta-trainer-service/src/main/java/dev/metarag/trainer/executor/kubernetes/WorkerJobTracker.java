package dev.metarag.trainer.executor.kubernetes;

import dev.metarag.trainer.executor.WorkerListener;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Maps what happens to one Kubernetes Job and its pods onto {@link WorkerListener} calls: a pod
 * running is {@code running()}, a pod failed or disrupted while the Job will replace it is {@code
 * restarting(reason)}, the Job's Complete or Failed condition is {@code finished}. Each pod is
 * reported once. Calls are serialized; after {@link #close()} or the end the listener hears nothing
 * more.
 */
final class WorkerJobTracker {
  private final String jobName;
  private final String logsHint;
  private final WorkerListener listener;
  private final Runnable onEnd;
  private final Set<String> runningPods = new HashSet<>();
  private final Set<String> endedPods = new HashSet<>();
  private Job job;
  private int countedFailures;
  private String lastFailure;
  private boolean closed;

  /**
   * @param job the Job as created or found
   * @param listener where the job's events go
   * @param onEnd called once after {@code finished} was reported
   */
  WorkerJobTracker(Job job, WorkerListener listener, Runnable onEnd) {
    this.job = job;
    this.jobName = job.getMetadata().getName();
    this.logsHint = "; see kubectl logs -n " + job.getMetadata().getNamespace() + " job/" + jobName;
    this.listener = listener;
    this.onEnd = onEnd;
  }

  /**
   * Records a pod that had already ended when the service attached to its Job (after a restart), so
   * that it counts toward the backoff limit but is not reported again.
   */
  synchronized void alreadyEnded(Pod pod) {
    Optional<PodStates.Failure> failure = PodStates.failure(pod);
    if (failure.isPresent()) {
      endedPods.add(PodStates.uid(pod));
      if (!failure.get().disruption()) {
        countedFailures++;
      }
      lastFailure = failure.get().reason();
    } else if (PodStates.succeeded(pod)) {
      endedPods.add(PodStates.uid(pod));
    }
  }

  synchronized void jobChanged(Job changed) {
    if (closed) {
      return;
    }
    job = changed;
    JobOutcome.of(changed)
        .ifPresent(
            o -> {
              if (o.succeeded()) {
                end(true, "");
              } else {
                end(
                    false,
                    o.message()
                        + (lastFailure == null ? "" : "; last pod failure: " + lastFailure)
                        + logsHint);
              }
            });
  }

  synchronized void jobDeleted() {
    if (closed) {
      return;
    }
    end(false, "the Kubernetes Job " + jobName + " was deleted before it ended");
  }

  synchronized void podChanged(Pod pod) {
    if (closed) {
      return;
    }
    String uid = PodStates.uid(pod);
    if (endedPods.contains(uid)) {
      return;
    }
    Optional<PodStates.Failure> failure = PodStates.failure(pod);
    if (failure.isPresent()) {
      endedPods.add(uid);
      podLost(failure.get());
    } else if (PodStates.succeeded(pod)) {
      endedPods.add(uid); // the Job's Complete condition reports the end
    } else if (PodStates.running(pod) && runningPods.add(uid)) {
      listener.running();
    }
  }

  synchronized void podDeleted(Pod pod) {
    if (closed) {
      return;
    }
    String uid = PodStates.uid(pod);
    if (endedPods.add(uid)) {
      Optional<PodStates.Failure> failure = PodStates.failure(pod);
      if (failure.isPresent() || !PodStates.succeeded(pod)) {
        podLost(failure.orElseGet(() -> PodStates.deleted(pod)));
      }
    }
  }

  /** Ends the job as failed unless it has ended already (the watch could not be set up). */
  synchronized void failed(String message) {
    if (!closed) {
      end(false, message);
    }
  }

  /** No more listener calls from now on. */
  synchronized void close() {
    closed = true;
  }

  synchronized boolean closed() {
    return closed;
  }

  private void podLost(PodStates.Failure failure) {
    lastFailure = failure.reason();
    if (!failure.disruption()) {
      countedFailures++;
    }
    if (JobOutcome.ending(job)) {
      return; // no replacement comes: the Job's condition tells the end
    }
    int limit = backoffLimit();
    if (failure.disruption()) {
      listener.restarting(failure.reason() + " (not counted against the backoff limit)");
    } else if (countedFailures <= limit) {
      listener.restarting(failure.reason() + " (retry " + countedFailures + " of " + limit + ")");
    }
    // Beyond the limit the Job fails: its Failed condition ends the job.
  }

  private int backoffLimit() {
    Integer limit = job.getSpec() == null ? null : job.getSpec().getBackoffLimit();
    return limit == null ? WorkerJobBuilder.DEFAULT_BACKOFF_LIMIT : limit;
  }

  private void end(boolean succeeded, String message) {
    closed = true;
    listener.finished(succeeded, message);
    onEnd.run();
  }
}
