package dev.metarag.trainer.executor;

import dev.metarag.proto.v1.ExecutorKind;

/** Runs the workers of jobs of one {@link ExecutorKind}. Implementations are thread-safe. */
public interface JobExecutor {

  ExecutorKind kind();

  /** Whether jobs can run here now; when false, {@link #unavailableReason()} says why. */
  boolean available();

  String unavailableReason();

  /**
   * Starts the worker of a job whose directory is prepared, or, when the service restarted while
   * the worker was running (a Kubernetes Job that still exists), attaches to it. The worker resumes
   * from the job directory's last checkpoint by itself. Events for this job go to {@code listener}
   * until it reports {@link WorkerListener#finished}.
   */
  void start(WorkerLaunch launch, WorkerListener listener);

  /** Stops the job's worker if it runs (cancel); the listener hears nothing more about it. */
  void stop(String jobId);
}
