package dev.metarag.training.meta;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.metarag.training.meta.LinearRegression.Batch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Checkpoints hold everything a meta-learner needs to resume as if it had never stopped. */
class MetaLearnerCheckpointTest {
  private NDManager manager;
  private final MetaTasks family = new MetaTasks(11, 12);
  @TempDir Path temp;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager("PyTorch");
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @ParameterizedTest
  @EnumSource(MetaAlgorithm.class)
  void aRestoredLearnerContinuesBitForBitLikeAnUninterruptedOne(MetaAlgorithm algorithm)
      throws IOException {
    MetaConfig config = MetaTasks.config(algorithm);
    MetaLearner<Batch> uninterrupted = MetaTasks.learner(config, manager);
    for (int step = 0; step < 3; step++) {
      uninterrupted.step(family.metaBatch(step, 3));
    }
    Path checkpoint = temp.resolve("checkpoint");
    uninterrupted.save(checkpoint);
    for (int step = 3; step < 6; step++) {
      uninterrupted.step(family.metaBatch(step, 3));
    }

    MetaLearner<Batch> resumed =
        MetaLearner.restore(checkpoint, new LinearRegression(MetaTasks.BLOCKS), config, manager);
    assertThat(resumed.completedSteps()).isEqualTo(3);
    for (int step = 3; step < 6; step++) {
      resumed.step(family.metaBatch(step, 3));
    }

    assertThat(resumed.completedSteps()).isEqualTo(6);
    assertThat(values(resumed.parameters())).isEqualTo(values(uninterrupted.parameters()));
    assertThat(values(resumed.innerLearningRates()))
        .isEqualTo(values(uninterrupted.innerLearningRates()));
  }

  @Test
  void metaSgdInnerRatesAreSavedAndRestored() throws IOException {
    MetaConfig config = MetaTasks.config(MetaAlgorithm.META_SGD);
    MetaLearner<Batch> learner = MetaTasks.learner(config, manager);
    for (int step = 0; step < 4; step++) {
      learner.step(family.metaBatch(step, 3));
    }
    learner.save(temp.resolve("checkpoint"));

    MetaLearner<Batch> restored =
        MetaLearner.restore(
            temp.resolve("checkpoint"), new LinearRegression(MetaTasks.BLOCKS), config, manager);

    assertThat(values(restored.innerLearningRates()))
        .containsOnlyKeys("body", "head")
        .isEqualTo(values(learner.innerLearningRates()));
    assertThat(restored.innerLearningRates().get("head").toFloatArray()).doesNotContain(0.1f);
  }

  @Test
  void savingAgainReplacesTheCheckpointAndLeavesNothingElseBehind() throws IOException {
    MetaConfig config = MetaTasks.config(MetaAlgorithm.FOMAML);
    MetaLearner<Batch> learner = MetaTasks.learner(config, manager);
    Path checkpoint = temp.resolve("checkpoint");
    learner.step(family.metaBatch(0, 3));
    learner.save(checkpoint);
    learner.step(family.metaBatch(1, 3));
    learner.save(checkpoint);

    MetaLearner<Batch> restored =
        MetaLearner.restore(checkpoint, new LinearRegression(MetaTasks.BLOCKS), config, manager);

    assertThat(restored.completedSteps()).isEqualTo(2);
    assertThat(values(restored.parameters())).isEqualTo(values(learner.parameters()));
    try (Stream<Path> siblings = Files.list(temp)) {
      assertThat(siblings.map(p -> p.getFileName().toString())).containsExactly("checkpoint");
    }
  }

  @Test
  void aCrashBetweenTheTwoRenamesLeavesThePreviousCheckpointReadable() throws IOException {
    MetaConfig config = MetaTasks.config(MetaAlgorithm.MAML);
    MetaLearner<Batch> learner = MetaTasks.learner(config, manager);
    learner.step(family.metaBatch(0, 3));
    Path checkpoint = temp.resolve("checkpoint");
    learner.save(checkpoint);
    // What a crash after "checkpoint -> checkpoint.previous" and before the new one is renamed
    // into place leaves on disk.
    Files.move(checkpoint, temp.resolve("checkpoint.previous"));

    MetaLearner<Batch> restored =
        MetaLearner.restore(checkpoint, new LinearRegression(MetaTasks.BLOCKS), config, manager);

    assertThat(restored.completedSteps()).isEqualTo(1);
    assertThat(values(restored.parameters())).isEqualTo(values(learner.parameters()));
  }

  /** Exact contents, compared as lists of floats by name. */
  private static Map<String, List<Float>> values(Map<String, NDArray> arrays) {
    Map<String, List<Float>> values = new TreeMap<>();
    arrays.forEach(
        (name, a) -> {
          float[] f = a.toFloatArray();
          List<Float> list = new ArrayList<>();
          for (float x : f) {
            list.add(x);
          }
          values.put(name, list);
        });
    return values;
  }
}
