package dev.metarag.training.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The packed loss (every pair of a batch in one reader pass) is the per-question loss, written
 * faster: same value and same gradient for every parameter, within float rounding, on batches that
 * mix candidate counts, pair lengths, several answer occurrences and a question with no answer.
 */
class PackedLossTest {
  @Test
  void packedLossAndGradientsEqualThePerQuestionReference() {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      RagModel model = TinyRag.model();
      List<RagExample> batch = mixedBatch();
      Result reference =
          lossAndGradients(
              TinyRag.parameters(manager, 11),
              manager,
              (p, scope) -> model.perQuestionLoss(p, batch, scope));
      Result packed =
          lossAndGradients(
              TinyRag.parameters(manager, 11), manager, (p, scope) -> model.loss(p, batch, scope));

      assertThat(packed.used).isEqualTo(reference.used).isEqualTo(4);
      assertThat(packed.skipped).isEqualTo(reference.skipped).isEqualTo(1);
      assertThat(packed.loss).isCloseTo(reference.loss, within(1e-5f));
      assertThat(packed.gradients.keySet()).isEqualTo(reference.gradients.keySet());
      for (String name : reference.gradients.keySet()) {
        float[] a = reference.gradients.get(name);
        float[] b = packed.gradients.get(name);
        assertThat(maxAbsDifference(a, b)).as(name).isLessThanOrEqualTo(1e-5f + 1e-4f * max(a));
      }
      // Both encoders are on the gradient's path: the query encoder through p(z|q).
      assertThat(max(reference.gradients.get("query.encoder.layer.0.attention.self.query.weight")))
          .isPositive();
      assertThat(max(reference.gradients.get("reader.embeddings.word_embeddings.weight")))
          .isPositive();
    }
  }

  @Test
  void withOneCandidatePerQuestionTheQueryEncoderGetsNoGradient() {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      RagModel model = TinyRag.model();
      List<RagExample> gold = new ArrayList<>();
      for (RagExample e : TinyRag.examples()) {
        gold.add(new RagExample(e.question(), List.of(e.candidates().get(0)), e.answers()));
      }
      Result reference =
          lossAndGradients(
              TinyRag.parameters(manager, 5),
              manager,
              (p, scope) -> model.perQuestionLoss(p, gold, scope));
      Result packed =
          lossAndGradients(
              TinyRag.parameters(manager, 5), manager, (p, scope) -> model.loss(p, gold, scope));
      assertThat(packed.loss).isCloseTo(reference.loss, within(1e-5f));
      assertThat(packed.gradients.get("query.embeddings.word_embeddings.weight")).isNull();
    }
  }

  /** Three-candidate questions, a one-candidate one, a repeated answer, and one without answer. */
  private static List<RagExample> mixedBatch() {
    List<RagExample> batch = new ArrayList<>(TinyRag.examples());
    Candidate twice =
        new Candidate(
            "p4",
            "d4",
            "Two days pass before the ferry returns, and two days after that the mail boat comes"
                + " in with the week's letters.",
            TinyRag.unit(4));
    batch.add(new RagExample("When does the ferry return?", List.of(twice), List.of("two days")));
    batch.add(
        new RagExample(
            "Who built the lighthouse?",
            TinyRag.examples().get(0).candidates(),
            List.of("Halvard Morwen")));
    return batch;
  }

  private record Result(float loss, int used, int skipped, Map<String, float[]> gradients) {}

  private static Result lossAndGradients(
      RagParameters params,
      NDManager manager,
      BiFunction<RagParameters, NDManager, RagLoss> lossFunction) {
    params.asMap().values().forEach(w -> w.setRequiresGradient(true));
    Map<String, float[]> gradients = new TreeMap<>();
    try (NDManager scope = manager.newSubManager()) {
      RagLoss loss;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        loss = lossFunction.apply(params, scope);
        collector.backward(loss.loss());
      }
      params
          .asMap()
          .forEach(
              (name, w) -> {
                try (NDArray g = w.getGradient()) {
                  float[] values = g.toFloatArray();
                  if (max(values) > 0) {
                    gradients.put(name, values);
                  }
                }
              });
      return new Result(loss.loss().getFloat(), loss.used(), loss.skipped(), gradients);
    }
  }

  private static float max(float[] values) {
    float max = 0;
    for (float v : values) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }

  private static float maxAbsDifference(float[] a, float[] b) {
    assertThat(a).hasSameSizeAs(b);
    float max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }
}
