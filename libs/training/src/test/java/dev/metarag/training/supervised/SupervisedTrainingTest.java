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
