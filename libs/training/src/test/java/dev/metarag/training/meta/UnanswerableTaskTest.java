package dev.metarag.training.meta;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.metarag.training.rag.RagExample;
import dev.metarag.training.rag.TinyRag;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A task none of whose questions has its answer among its candidates carries no reading signal: its
 * meta-gradient is zero, whichever parameters are trained, and the step goes on. (Small support and
 * query sets on real data hit this; the worker used to fail when the first parameter of the model
 * was not a trained one.)
 */
class UnanswerableTaskTest {
  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager("PyTorch");
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @ParameterizedTest
  @EnumSource(
      value = MetaAlgorithm.class,
      names = {"MAML", "FOMAML", "ANIL", "JOINT"})
  void aTaskWithNoAnswerInAnyCandidateHasAZeroMetaGradientOnATrainedSubset(
      MetaAlgorithm algorithm) {
    Predicate<String> heads = name -> name.startsWith("head.");
    Predicate<String> topLayerAndHeads = heads.or(name -> name.contains(".layer.1."));
    MetaConfig config = MetaConfig.of(algorithm, 1e-2f, 1e-3f, 1, topLayerAndHeads, heads);
    MetaLearner<List<RagExample>> learner =
        new MetaLearner<>(
            new RagTaskObjective(TinyRag.model()),
            TinyRag.parameters(manager, 3).asMap(),
            config,
            manager);
    List<RagExample> unanswerable =
        TinyRag.examples().stream()
            .map(e -> new RagExample(e.question(), e.candidates(), List.of("a purple elephant")))
            .toList();

    try (NDManager scope = manager.newSubManager()) {
      Map<String, NDArray> gradient =
          learner.metaGradient(
              List.of(new MetaTask<>("nowhere", unanswerable, unanswerable)), scope);

      assertThat(gradient).isNotEmpty();
      assertThat(gradient.keySet()).allMatch(topLayerAndHeads);
      gradient.forEach((name, g) -> assertThat(g.abs().sum().getFloat()).as(name).isEqualTo(0f));
    }
  }
}
