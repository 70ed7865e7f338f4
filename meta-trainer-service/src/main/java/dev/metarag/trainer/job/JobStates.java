package dev.metarag.trainer.job;

import dev.metarag.proto.v1.JobState;
import java.util.Set;

/** Which job states are final, and which mean a worker should be running. */
public final class JobStates {
  private static final Set<JobState> FINAL =
      Set.of(JobState.JOB_STATE_SUCCEEDED, JobState.JOB_STATE_FAILED, JobState.JOB_STATE_CANCELLED);

  private JobStates() {}

  public static boolean isFinal(JobState state) {
    return FINAL.contains(state);
  }
}
