package dev.metarag.trainer.executor;

/** What an executor reports about a job's worker. Calls come from the executor's threads. */
public interface WorkerListener {

  /** The worker process or pod is running. */
  void running();

  /**
   * The worker died (crash, eviction, preemption) and is being started again; it resumes from the
   * last checkpoint.
   */
  void restarting(String reason);

  /**
   * The worker ended for good: {@code succeeded} when it exited normally (the progress log says
   * what it produced), otherwise with the reason (exit code, pod failure, deadline).
   */
  void finished(boolean succeeded, String message);
}
