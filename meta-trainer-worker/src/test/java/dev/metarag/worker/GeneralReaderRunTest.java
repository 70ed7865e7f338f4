package dev.metarag.worker;

import static dev.metarag.worker.TinyJobs.events;
import static dev.metarag.worker.TinyJobs.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metarag.jobs.JobDirectory;
import dev.metarag.jobs.ProgressEvent;
import dev.metarag.jobs.WorkerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A general-reader job's worker on the tiny model: train, evaluate, checkpoint, resume, write. */
class GeneralReaderRunTest {
  @TempDir Path temp;

  @Test
  void aGeneralReaderTrainsEveryStepEvaluatesAlongTheWayAndWritesItsPackage() throws Exception {
    JobDirectory job = TinyJobs.writeGeneralReader(temp, 2, 2, 3);

    assertThat(new WorkerRun(job, new StopSignal()).run()).isEqualTo(WorkerRun.Outcome.SUCCEEDED);

    List<ProgressEvent> events = events(job);
    assertThat(events.getFirst().type()).isEqualTo(ProgressEvent.Type.STARTED);
    assertThat(events.getFirst().message()).contains("12 questions (gadgets)", "6 steps");
    assertThat(events.getLast().type()).isEqualTo(ProgressEvent.Type.SUCCEEDED);
    List<ProgressEvent> steps = ofType(events, ProgressEvent.Type.STEP);
    assertThat(steps).extracting(ProgressEvent::step).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(steps).allSatisfy(s -> assertThat(s.metaLoss()).isFinite().isPositive());
    // Before the first step, every 3 steps and at the end; each reads the kitchen questions with
    // the model as it is.
    List<ProgressEvent> evaluations = ofType(events, ProgressEvent.Type.EVALUATION);
    assertThat(evaluations).extracting(ProgressEvent::step).containsExactly(0L, 3L, 6L);
    assertThat(evaluations.getLast().evaluation()).containsKeys("kitchen", "*");
    assertThat(evaluations.getLast().evaluation().get("kitchen").examples()).isEqualTo(5);
    assertThat(ofType(events, ProgressEvent.Type.CHECKPOINT))
        .extracting(ProgressEvent::step)
        .containsExactly(2L, 4L, 6L);
    assertThat(ofType(events, ProgressEvent.Type.LOG))
        .anySatisfy(l -> assertThat(l.message()).contains("step 6/6", "questions/s"));
    Path output = job.root().resolve(WorkerConfig.OUTPUT_PACKAGE);
    JsonNode manifest = new ObjectMapper().readTree(output.resolve("manifest.json").toFile());
    assertThat(manifest.path("name").asText()).isEqualTo("general-mt-test-0001");
    assertThat(Files.exists(output.resolve("manifest.json"))).isTrue();
  }

  @Test
  void aStoppedRunResumesFromItsCheckpointToTheSameEnd() throws Exception {
    JobDirectory uninterrupted = TinyJobs.writeGeneralReader(temp.resolve("a"), 2, 3, 100);
    new WorkerRun(uninterrupted, new StopSignal()).run();

    JobDirectory job = TinyJobs.writeGeneralReader(temp.resolve("b"), 2, 100, 100);
    StopSignal stop = new StopSignal();
    // Ask for a stop as soon as step 2 is reported, as SIGTERM would.
    CompletableFuture<Void> watcher =
        CompletableFuture.runAsync(
            () -> {
              while (ofType(events(job), ProgressEvent.Type.STEP).size() < 2) {
                Thread.onSpinWait();
              }
              stop.request();
            });
    assertThat(new WorkerRun(job, stop).run()).isEqualTo(WorkerRun.Outcome.STOPPED);
    watcher.get(1, TimeUnit.MINUTES);
    long stoppedAt = ofType(events(job), ProgressEvent.Type.STEP).getLast().step();
    assertThat(stoppedAt).isBetween(2L, 5L);
    assertThat(job.latestCheckpointStep()).contains(stoppedAt);

    assertThat(new WorkerRun(job, new StopSignal()).run()).isEqualTo(WorkerRun.Outcome.SUCCEEDED);

    List<ProgressEvent> started = ofType(events(job), ProgressEvent.Type.STARTED);
    assertThat(started.get(1).message()).isEqualTo("resumed from checkpoint at step " + stoppedAt);
    List<ProgressEvent> steps = ofType(events(job), ProgressEvent.Type.STEP);
    assertThat(steps.getLast().step()).isEqualTo(6);
    // Same batches, same rates, same optimiser state: the same losses as a run never stopped.
    List<ProgressEvent> reference = ofType(events(uninterrupted), ProgressEvent.Type.STEP);
    for (int i = 0; i < 6; i++) {
      assertThat(steps.get(steps.size() - 6 + i).metaLoss())
          .as("step %d", i + 1)
          .isEqualTo(reference.get(i).metaLoss());
    }
  }
}
