package dev.metarag.trainer.executor.kubernetes;

import static dev.metarag.trainer.executor.kubernetes.TestSettings.launch;
import static dev.metarag.trainer.executor.kubernetes.TestSettings.minimal;
import static dev.metarag.trainer.executor.kubernetes.TestSettings.settings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metarag.proto.v1.KubernetesExecutorSpec;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How a Job's and its pods' states map onto listener calls (no API server involved). */
class KubernetesJobTrackerTest {
  private final TestSettings.Recorder listener = new TestSettings.Recorder();
  private final AtomicInteger ends = new AtomicInteger();

  private WorkerJobTracker tracker(KubernetesExecutorSpec.Builder k) {
    Job job = new WorkerJobBuilder(settings(true)).build(launch("mt-1", k));
    return new WorkerJobTracker(job, listener, ends::incrementAndGet);
  }

  private static Job withCondition(Job job, String type, String reason) {
    return new JobBuilder(job)
        .withNewStatus()
        .addNewCondition()
        .withType(type)
        .withStatus("True")
        .withReason(reason)
        .withMessage(reason == null ? null : "the controller says " + reason)
        .endCondition()
        .endStatus()
        .build();
  }

  private static Job job(KubernetesExecutorSpec.Builder k) {
    return new WorkerJobBuilder(settings(true)).build(launch("mt-1", k));
  }

  static Pod pod(String name, String phase) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withUid("uid-" + name)
        .endMetadata()
        .withNewStatus()
        .withPhase(phase)
        .endStatus()
        .build();
  }

  static Pod crashed(String name, int exitCode) {
    return new PodBuilder(pod(name, "Failed"))
        .editStatus()
        .addNewContainerStatus()
        .withName("worker")
        .withNewState()
        .withNewTerminated()
        .withExitCode(exitCode)
        .withReason("Error")
        .endTerminated()
        .endState()
        .endContainerStatus()
        .endStatus()
        .build();
  }

  static Pod evicted(String name) {
    return new PodBuilder(pod(name, "Failed"))
        .editStatus()
        .withReason("Evicted")
        .withMessage("The node was low on resource: memory.")
        .endStatus()
        .build();
  }

  static Pod preempted(String name) {
    return new PodBuilder(pod(name, "Running"))
        .editMetadata()
        .withDeletionTimestamp("2026-11-30T12:00:00Z")
        .endMetadata()
        .editStatus()
        .addNewCondition()
        .withType("DisruptionTarget")
        .withStatus("True")
        .withReason("PreemptionByScheduler")
        .withMessage("Preempted in order to admit critical pod")
        .endCondition()
        .endStatus()
        .build();
  }

  @Test
  void eachRunningPodIsReportedOnce() {
    WorkerJobTracker t = tracker(minimal());
    t.podChanged(pod("a", "Pending"));
    t.podChanged(pod("a", "Running"));
    t.podChanged(pod("a", "Running"));
    assertThat(listener.events).containsExactly("running");
  }

  @Test
  void failuresWithinTheBackoffLimitAreRestartsAndTheLimitEndsIt() {
    Job job = job(minimal().setBackoffLimit(2));
    WorkerJobTracker t = new WorkerJobTracker(job, listener, ends::incrementAndGet);
    t.podChanged(pod("a", "Running"));
    t.podChanged(crashed("a", 1));
    t.podChanged(crashed("a", 1)); // the same pod again: already reported
    t.podChanged(pod("b", "Running"));
    t.podChanged(evicted("b"));
    t.podChanged(crashed("c", 137)); // the third counted failure: beyond backoffLimit=2
    t.jobChanged(withCondition(job, "Failed", "BackoffLimitExceeded"));

    assertThat(listener.events)
        .containsExactly(
            "running",
            "restarting: pod a failed; container worker exited with code 1 (Error) (retry 1 of 2)",
            "running",
            "restarting: pod b failed: Evicted (The node was low on resource: memory.) (retry 2 of 2)",
            "finished failed: the Kubernetes Job metarag-mt-1 failed: BackoffLimitExceeded"
                + " (the controller says BackoffLimitExceeded); its pods failed more than"
                + " backoffLimit=2 times; last pod failure: pod c failed; container worker exited"
                + " with code 137 (Error); see kubectl logs -n ml job/metarag-mt-1");
    assertThat(ends).hasValue(1);
  }

  @Test
  void disruptionsAreRestartsThatDoNotUseUpTheLimit() {
    WorkerJobTracker t = tracker(minimal().setBackoffLimit(0));
    t.podChanged(pod("a", "Running"));
    t.podChanged(preempted("a"));
    // The preempted pod then fails; it was reported already and is not counted.
    t.podChanged(
        new PodBuilder(preempted("a")).editStatus().withPhase("Failed").endStatus().build());
    t.podChanged(pod("b", "Running"));
    t.podChanged(crashed("b", 1)); // backoffLimit=0: this failure fails the Job, no restart

    assertThat(listener.events)
        .containsExactly(
            "running",
            "restarting: pod a was disrupted: PreemptionByScheduler (Preempted in order to admit"
                + " critical pod) (not counted against the backoff limit)",
            "running");
  }

  @Test
  void podsEndingWithTheJobAreNotRestarts() {
    Job job = job(minimal().setActiveDeadlineSeconds(600));
    WorkerJobTracker t = new WorkerJobTracker(job, listener, ends::incrementAndGet);
    t.podChanged(pod("a", "Running"));
    Job failing = withCondition(job, "FailureTarget", "DeadlineExceeded");
    t.jobChanged(failing);
    t.podDeleted(pod("a", "Running")); // the controller kills the pods of a failing Job
    t.jobChanged(withCondition(job, "Failed", "DeadlineExceeded"));

    assertThat(listener.events).hasSize(2);
    assertThat(listener.events.get(0)).isEqualTo("running");
    assertThat(listener.events.get(1))
        .startsWith("finished failed: the Kubernetes Job metarag-mt-1 failed: DeadlineExceeded")
        .contains("it ran longer than activeDeadlineSeconds=600");
  }

  @Test
  void aRunningPodDeletedByHandIsARestart() {
    WorkerJobTracker t = tracker(minimal());
    t.podChanged(pod("a", "Running"));
    t.podDeleted(pod("a", "Running"));
    t.podDeleted(pod("a", "Running"));
    t.podDeleted(pod("done", "Succeeded"));
    assertThat(listener.events)
        .containsExactly("running", "restarting: pod a was deleted (retry 1 of 3)");
  }

  @Test
  void completionIsReportedOnceAndNothingFollowsIt() {
    Job job = job(minimal());
    WorkerJobTracker t = new WorkerJobTracker(job, listener, ends::incrementAndGet);
    t.podChanged(pod("a", "Running"));
    t.podChanged(pod("a", "Succeeded"));
    t.jobChanged(withCondition(job, "SuccessCriteriaMet", null));
    t.jobChanged(withCondition(job, "Complete", null));
    t.jobChanged(withCondition(job, "Complete", null));
    t.podChanged(pod("b", "Running"));
    t.jobDeleted(); // the TTL controller removes the finished Job

    assertThat(listener.events).containsExactly("running", "finished ok: ");
    assertThat(ends).hasValue(1);
  }

  @Test
  void podsThatEndedBeforeAnAttachCountButAreNotReported() {
    Job job = job(minimal().setBackoffLimit(2));
    WorkerJobTracker t = new WorkerJobTracker(job, listener, ends::incrementAndGet);
    t.alreadyEnded(crashed("old1", 1));
    t.alreadyEnded(crashed("old2", 1));
    t.podChanged(crashed("old1", 1)); // the informer lists them again
    t.podChanged(pod("new", "Running"));
    t.podChanged(crashed("new", 1)); // the third counted failure: no retry left

    assertThat(listener.events).containsExactly("running");
  }

  @Test
  void afterCloseTheListenerHearsNothing() {
    Job job = job(minimal());
    WorkerJobTracker t = new WorkerJobTracker(job, listener, ends::incrementAndGet);
    t.podChanged(pod("a", "Running"));
    t.close();
    t.podChanged(evicted("a"));
    t.podChanged(pod("b", "Running"));
    t.jobChanged(withCondition(job, "Failed", "BackoffLimitExceeded"));
    t.jobDeleted();
    t.failed("too late");

    assertThat(listener.events).containsExactly("running");
    assertThat(ends).hasValue(0);
  }
}
