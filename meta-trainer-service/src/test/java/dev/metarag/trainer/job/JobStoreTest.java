package dev.metarag.trainer.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metarag.proto.v1.Job;
import dev.metarag.proto.v1.JobState;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Job records outlive the service: a new store over the same directory sees every saved job. */
class JobStoreTest {
  @TempDir Path root;

  @Test
  void savedJobsAreReadBackByANewStoreWithTheirLatestState() {
    JobStore store = new JobStore(root);
    String first = store.newId();
    String second = store.newId();
    store.save(job(first, JobState.JOB_STATE_RUNNING, 1, 7));
    store.save(job(second, JobState.JOB_STATE_PENDING, 2, 0));
    store.save(job(first, JobState.JOB_STATE_SUCCEEDED, 1, 40));

    JobStore restarted = new JobStore(root);

    assertThat(restarted.get(first).orElseThrow().getState())
        .isEqualTo(JobState.JOB_STATE_SUCCEEDED);
    assertThat(restarted.get(first).orElseThrow().getStep()).isEqualTo(40);
    assertThat(restarted.newestFirst()).extracting(Job::getId).containsExactly(second, first);
  }

  @Test
  void idsAreNeverReusedAfterARestart() {
    JobStore store = new JobStore(root);
    String used = store.newId();
    store.save(job(used, JobState.JOB_STATE_PENDING, 1, 0));

    String next = new JobStore(root).newId();

    assertThat(next).isNotEqualTo(used);
    assertThat(Integer.parseInt(next.substring(next.lastIndexOf('-') + 1)))
        .isGreaterThan(Integer.parseInt(used.substring(used.lastIndexOf('-') + 1)));
  }

  @Test
  void directoriesThatAreNotJobsAreIgnored() throws Exception {
    Files.createDirectories(root.resolve("lost+found"));
    Files.createDirectories(root.resolve("mt-20261124-0003"));

    assertThat(new JobStore(root).newestFirst()).isEmpty();
  }

  private static Job job(String id, JobState state, long createdAt, long step) {
    return Job.newBuilder()
        .setId(id)
        .setState(state)
        .setCreatedAtMillis(createdAt)
        .setStep(step)
        .build();
  }
}
