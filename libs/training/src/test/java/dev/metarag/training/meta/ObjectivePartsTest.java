package dev.metarag.training.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.metarag.training.meta.LinearRegression.Batch;
import dev.metarag.training.rag.RagExample;
import dev.metarag.training.rag.TinyRag;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Computing a batch in parts, one graph at a time, changes memory, not results: meta-gradients and
 * adaptations equal those of the whole batch.
 */
class ObjectivePartsTest {
  private NDManager manager;
  private final MetaTasks family = new MetaTasks(11, 8);

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager("PyTorch");
  }

  @AfterEach
  void close() {
    manager.close();
  }

  /** Linear regression whose batches are computed three rows at a time. */
  private static final class InThrees implements TaskObjective<Batch> {
    private final LinearRegression whole = new LinearRegression(MetaTasks.BLOCKS);

    @Override
    public NDArray loss(Map<String, NDArray> params, Batch batch, NDManager scope) {
      return whole.loss(params, batch, scope);
    }

    @Override
    public List<Part<Batch>> parts(Batch batch) {
      List<Part<Batch>> parts = new ArrayList<>();
      for (int from = 0; from < batch.size(); from += 3) {
        int to = Math.min(batch.size(), from + 3);
        Batch part =
            new Batch(
                Arrays.copyOfRange(batch.x(), from, to), Arrays.copyOfRange(batch.y(), from, to));
        parts.add(new Part<>(part, (float) part.size() / batch.size()));
      }
      return parts;
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = MetaAlgorithm.class,
      names = {"MAML", "FOMAML", "META_SGD"})
  void metaGradientsInPartsEqualTheWholeBatch(MetaAlgorithm algorithm) {
    MetaConfig config = MetaTasks.config(algorithm);
    MetaLearner<Batch> whole =
        new MetaLearner<>(
            new LinearRegression(MetaTasks.BLOCKS), MetaTasks.zeros(manager), config, manager);
    MetaLearner<Batch> inParts =
        new MetaLearner<>(new InThrees(), MetaTasks.zeros(manager), config, manager);

    try (NDManager scope = manager.newSubManager()) {
      Map<String, NDArray> expected = whole.metaGradient(family.metaBatch(0, 4), scope);
      Map<String, NDArray> actual = inParts.metaGradient(family.metaBatch(0, 4), scope);
      assertThat(actual.keySet()).isEqualTo(expected.keySet());
      expected.forEach(
          (name, g) -> {
            float[] e = g.toFloatArray();
            float[] a = actual.get(name).toFloatArray();
            for (int i = 0; i < e.length; i++) {
              assertThat(a[i]).isCloseTo(e[i], within(1e-4f * Math.max(1f, Math.abs(e[i]))));
            }
          });
    }
  }

  @Test
  void ragBatchesInPartsGiveTheSameAdaptation() {
    List<RagExample> batch = TinyRag.examples();
    assertThat(batch.size()).isGreaterThan(1);
    MetaConfig config = MetaConfig.of(MetaAlgorithm.FOMAML, 1e-2f, 0f, 1, n -> true, n -> true);
    MetaLearner<List<RagExample>> whole =
        new MetaLearner<>(
            new RagTaskObjective(TinyRag.model()),
            TinyRag.parameters(manager, 3).asMap(),
            config,
            manager);
    MetaLearner<List<RagExample>> inParts =
        new MetaLearner<>(
            new RagTaskObjective(TinyRag.model(), 1),
            TinyRag.parameters(manager, 3).asMap(),
            config,
            manager);

    try (NDManager scope = manager.newSubManager()) {
      List<Float> wholeLoss = new ArrayList<>();
      List<Float> partsLoss = new ArrayList<>();
      Map<String, NDArray> a = whole.adapt(batch, 1, scope, (step, loss) -> wholeLoss.add(loss));
      Map<String, NDArray> b = inParts.adapt(batch, 1, scope, (step, loss) -> partsLoss.add(loss));

      assertThat(partsLoss.get(0)).isCloseTo(wholeLoss.get(0), within(1e-4f));
      for (String name :
          List.of("head.span.weight", "reader.encoder.layer.0.attention.self.query.weight")) {
        float[] x = a.get(name).toFloatArray();
        float[] y = b.get(name).toFloatArray();
        for (int i = 0; i < x.length; i++) {
          assertThat(y[i]).isCloseTo(x[i], within(1e-5f));
        }
      }
    }
  }
}
