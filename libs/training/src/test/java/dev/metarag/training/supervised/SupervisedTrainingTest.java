package dev.metarag.training.supervised;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.metarag.training.rag.ParameterSubset;
import dev.metarag.training.rag.RagParameters;
import dev.metarag.training.rag.TinyRag;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupervisedTrainingTest {

  private static List<SupervisedTraining.Progress> train(Path dir, long seed) throws Exception {
    List<SupervisedTraining.Progress> progress = new ArrayList<>();
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      RagParameters params = TinyRag.parameters(manager, 5);
      new SupervisedTraining(
              TinyRag.model(),
              new TrainingConfig(4, 2, 3e-3f, ParameterSubset.ALL, seed, 3),
              dir,
              progress::add)
          .run(params, TinyRag.examples(), manager);
    }
    return progress;
  }

  @Test
  void reportsEveryStepAndWritesCheckpoints(@TempDir Path dir) throws Exception {
    List<SupervisedTraining.Progress> progress = train(dir, 1);

    // 3 examples in batches of 2: 2 steps per epoch, 4 epochs.
    assertThat(progress).hasSize(8);
    assertThat(progress.get(7).totalSteps()).isEqualTo(8);
    assertThat(progress.get(7).epoch()).isEqualTo(4);
    assertThat(progress.get(7).loss()).isLessThan(progress.get(0).loss());
    assertThat(dir.resolve("checkpoint-3.ndlist")).exists();
    assertThat(dir.resolve("checkpoint-6.ndlist")).exists();
    assertThat(dir.resolve("final.ndlist")).exists();
  }

  @Test
  void theSameSeedGivesTheSameRun(@TempDir Path a, @TempDir Path b) throws Exception {
    assertThat(train(a, 42))
        .extracting(SupervisedTraining.Progress::loss)
        .containsExactlyElementsOf(
            train(b, 42).stream().map(SupervisedTraining.Progress::loss).toList());
  }

  @Test
  void aRunResumedFromACheckpointEndsExactlyAsAnUninterruptedOne(@TempDir Path dir)
      throws Exception {
    TrainingConfig config = new TrainingConfig(3, 2, 3e-3f, ParameterSubset.ALL, 8, 2, 0.2f);
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      List<SupervisedTraining.Progress> whole = new ArrayList<>();
      RagParameters uninterrupted = TinyRag.parameters(manager, 5);
      new SupervisedTraining(TinyRag.model(), config, (s, last, p, o) -> {}, whole::add)
          .run(uninterrupted, TinyRag.examples(), manager);

      // The same run stopped after step 3 (checkpointed then), then resumed in a fresh trainer.
      List<SupervisedTraining.Progress> parts = new ArrayList<>();
      SupervisedTraining.Checkpointer toDisk =
          (step, last, p, o) -> TrainerCheckpoint.write(dir.resolve("step-" + step), step, p, o);
      SupervisedTraining.Outcome first =
          new SupervisedTraining(TinyRag.model(), config, toDisk, parts::add)
              .run(
                  TinyRag.parameters(manager, 5),
                  TinyRag.examples(),
                  manager,
                  SupervisedTraining.Start.FRESH,
                  () -> parts.size() == 3);
      assertThat(first).isEqualTo(SupervisedTraining.Outcome.STOPPED);
      TrainerCheckpoint.Contents saved = TrainerCheckpoint.read(dir.resolve("step-3"), manager);
      assertThat(saved.step()).isEqualTo(3);
      RagParameters resumed = saved.parameters();
      SupervisedTraining.Outcome second =
          new SupervisedTraining(TinyRag.model(), config, toDisk, parts::add)
              .run(
                  resumed,
                  TinyRag.examples(),
                  manager,
                  new SupervisedTraining.Start(saved.step(), saved.optimiser()),
                  () -> false);

      assertThat(second).isEqualTo(SupervisedTraining.Outcome.COMPLETED);
      assertThat(parts)
          .extracting(SupervisedTraining.Progress::step)
          .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
      assertThat(parts)
          .extracting(SupervisedTraining.Progress::loss)
          .containsExactlyElementsOf(
              whole.stream().map(SupervisedTraining.Progress::loss).toList());
      uninterrupted
          .asMap()
          .forEach(
              (name, a) ->
                  assertThat(Arrays.equals(resumed.get(name).toFloatArray(), a.toFloatArray()))
                      .as(name)
                      .isTrue());
    }
  }

  @Test
  void theRateWarmsUpThenDecaysToTheLastStep() {
    LearningRateSchedule s = LearningRateSchedule.warmupThenDecay(1f, 3, 10);

    assertThat(s.rateAt(1)).isEqualTo(0.25f);
    assertThat(s.rateAt(3)).isEqualTo(0.75f);
    assertThat(s.rateAt(4)).isEqualTo(1f);
    assertThat(s.rateAt(10)).isEqualTo(1f / 7);
    assertThat(LearningRateSchedule.constant(0.5f, 10).rateAt(9)).isEqualTo(0.5f);
  }

  @Test
  void aCheckpointRestoresEveryParameter(@TempDir Path dir) throws Exception {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      RagParameters params = TinyRag.parameters(manager, 9);
      Checkpoints.save(params, dir.resolve("c.ndlist"));

      RagParameters restored = Checkpoints.load(dir.resolve("c.ndlist"), manager);

      assertThat(restored.asMap()).containsOnlyKeys(params.asMap().keySet());
      params
          .asMap()
          .forEach(
              (name, a) ->
                  // Arrays.equals: AssertJ's element diff is quadratic on million-element arrays.
                  assertThat(Arrays.equals(restored.get(name).toFloatArray(), a.toFloatArray()))
                      .as(name)
                      .isTrue());
    }
  }
}
