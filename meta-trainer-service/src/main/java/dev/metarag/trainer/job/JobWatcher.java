package dev.metarag.trainer.job;

import dev.metarag.proto.v1.JobProgress;

/** Receives a job's progress events (a WatchJob call). */
public interface JobWatcher {

  /** Whether this watcher wants worker log lines. */
  boolean includeLogs();

  void onProgress(JobProgress progress);

  /** The job reached a final state; no more events follow. */
  void onCompleted();
}
