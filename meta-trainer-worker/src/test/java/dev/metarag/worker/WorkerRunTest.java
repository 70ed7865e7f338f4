package dev.metarag.worker;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.metarag.inference.model.ModelPackage;
import dev.metarag.jobs.JobDirectory;
import dev.metarag.jobs.ProgressEvent;
import dev.metarag.jobs.WorkerConfig;
import dev.metarag.training.export.RagPackages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The worker's run over a job directory, on the tiny model and two made-up domains. */
class WorkerRunTest {
  @TempDir Path temp;

  @Test
  void aJobRunsToTheEndReportsFallingMetaLossAndLeavesATheta0Package() throws Exception {
    JobDirectory job = TinyJobs.write(temp.resolve("job"), "FOMAML", 12, 4);

    assertThat(new WorkerRun(job, new StopSignal()).run()).isEqualTo(WorkerRun.Outcome.SUCCEEDED);

    List<ProgressEvent> events = events(job);
    assertThat(events.get(0).type()).isEqualTo(ProgressEvent.Type.STARTED);
    assertThat(events.get(events.size() - 1).type()).isEqualTo(ProgressEvent.Type.SUCCEEDED);
    // The first log line says which PyTorch build and device trained.
    assertThat(of(events, ProgressEvent.Type.LOG).getFirst().message())
        .startsWith("PyTorch 2.7.1 from ")
        .endsWith("(CPU build), 0 GPU(s) visible, training on cpu()");
    List<ProgressEvent> steps = of(events, ProgressEvent.Type.STEP);
    assertThat(steps).extracting(ProgressEvent::step).containsExactly(range(1, 12));
    assertThat(mean(steps.subList(8, 12))).isLessThan(mean(steps.subList(0, 4)));
    // A baseline before the first step and a final evaluation, each with the mean under "*".
    List<ProgressEvent> evaluations = of(events, ProgressEvent.Type.EVALUATION);
    assertThat(evaluations).extracting(ProgressEvent::step).containsExactly(0L, 12L);
    assertThat(evaluations.get(1).evaluation()).containsKeys("kitchen", "*");
    assertThat(evaluations.get(1).evaluation().get("kitchen").examples()).isEqualTo(2);
    // Checkpoints at 4, 8 and 12, all kept (at most three are).
    assertThat(of(events, ProgressEvent.Type.CHECKPOINT))
        .extracting(ProgressEvent::checkpoint)
        .containsExactly(
            "checkpoints/step-00000004", "checkpoints/step-00000008", "checkpoints/step-00000012");
    assertThat(job.checkpointSteps()).containsExactly(4L, 8L, 12L);

    ModelPackage theta0 = ModelPackage.open(job.root().resolve(WorkerConfig.OUTPUT_PACKAGE));
    assertThat(theta0.checksums()).containsKeys(RagPackages.PARAMETERS, ModelPackage.TOKENIZER);
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDList params =
          NDList.decode(manager, Files.readAllBytes(theta0.file(RagPackages.PARAMETERS)));
      assertThat(params.stream().map(NDArray::getName)).contains("head.span.weight");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"MAML", "ANIL", "META_SGD", "REPTILE", "JOINT"})
  void everyAlgorithmTrainsTheRagModelWithFiniteLosses(String algorithm) throws Exception {
    JobDirectory job = TinyJobs.write(temp.resolve("job"), algorithm, 2, 0);

    assertThat(new WorkerRun(job, new StopSignal()).run()).isEqualTo(WorkerRun.Outcome.SUCCEEDED);

    List<ProgressEvent> steps = of(events(job), ProgressEvent.Type.STEP);
    assertThat(steps).hasSize(2);
    assertThat(steps).allSatisfy(s -> assertThat(s.metaLoss()).isFinite().isPositive());
    assertThat(steps).allSatisfy(s -> assertThat(s.supportLoss()).isFinite().isPositive());
    // Only Meta-SGD learns inner rates, and theta0 keeps them for adaptation.
    Path theta0 = job.root().resolve(WorkerConfig.OUTPUT_PACKAGE);
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      java.util.Map<String, NDArray> rates = RagPackages.readInnerRates(theta0, manager);
      if ("META_SGD".equals(algorithm)) {
        assertThat(rates).containsKey("head.span.weight");
      } else {
        assertThat(rates).isEmpty();
      }
    }
  }

  @Test
  void onlyTheNewestThreeCheckpointsAreKept() throws Exception {
    JobDirectory job = TinyJobs.write(temp.resolve("job"), "REPTILE", 8, 2);

    new WorkerRun(job, new StopSignal()).run();

    assertThat(job.checkpointSteps()).containsExactly(4L, 6L, 8L);
  }

  @Test
  void aStoppedRunCheckpointsWhereItStoppedAndTheNextRunResumesThereToTheSameEnd()
      throws Exception {
    JobDirectory uninterrupted = TinyJobs.write(temp.resolve("a"), "FOMAML", 6, 100);
    new WorkerRun(uninterrupted, new StopSignal()).run();

    JobDirectory job = TinyJobs.write(temp.resolve("b"), "FOMAML", 6, 100);
    StopSignal stop = new StopSignal();
    // Ask for a stop as soon as step 2 is reported, as SIGTERM would.
    CompletableFuture<Void> watcher =
        CompletableFuture.runAsync(
            () -> {
              while (of(events(job), ProgressEvent.Type.STEP).size() < 2) {
                Thread.onSpinWait();
              }
              stop.request();
            });
    assertThat(new WorkerRun(job, stop).run()).isEqualTo(WorkerRun.Outcome.STOPPED);
    watcher.get(1, TimeUnit.MINUTES);
    long stoppedAt = of(events(job), ProgressEvent.Type.STEP).getLast().step();
    assertThat(stoppedAt).isBetween(2L, 5L);
    assertThat(job.latestCheckpointStep()).contains(stoppedAt);

    assertThat(new WorkerRun(job, new StopSignal()).run()).isEqualTo(WorkerRun.Outcome.SUCCEEDED);

    List<ProgressEvent> started = of(events(job), ProgressEvent.Type.STARTED);
    assertThat(started.get(1).message()).isEqualTo("resumed from checkpoint at step " + stoppedAt);
    assertThat(of(events(job), ProgressEvent.Type.STEP).getLast().step()).isEqualTo(6);
    // The resumed job draws the same tasks and ends with the same losses as one never stopped.
    assertThat(of(events(job), ProgressEvent.Type.STEP).getLast().metaLoss())
        .isCloseTo(
            of(events(uninterrupted), ProgressEvent.Type.STEP).getLast().metaLoss(),
            org.assertj.core.data.Offset.offset(1e-4));
  }

  @Test
  void aMissingTasksFileFailsTheRunWithTheFileNamed() throws Exception {
    JobDirectory job = TinyJobs.write(temp.resolve("job"), "FOMAML", 2, 1);
    Files.delete(job.root().resolve(JobDirectory.tasksFileName("kitchen")));

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new WorkerRun(job, new StopSignal()).run())
        .hasMessageContaining("kitchen");
  }

  private static List<ProgressEvent> events(JobDirectory job) {
    try {
      return job.tailProgress().poll();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<ProgressEvent> of(List<ProgressEvent> events, ProgressEvent.Type type) {
    return events.stream().filter(e -> e.type() == type).toList();
  }

  private static double mean(List<ProgressEvent> steps) {
    return steps.stream().mapToDouble(ProgressEvent::metaLoss).average().orElseThrow();
  }

  private static Long[] range(long from, long to) {
    Long[] out = new Long[(int) (to - from + 1)];
    for (int i = 0; i < out.length; i++) {
      out[i] = from + i;
    }
    return out;
  }
}
