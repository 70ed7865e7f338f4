package dev.metarag.training.rag;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The trainer's in-place Adam is Adam: two steps of it move a parameter exactly as the textbook
 * update computed here in plain Java from the same gradients (bias-corrected moments, epsilon added
 * to the corrected root).
 */
class AdamStepTest {
  private static final String PARAMETER = RagParameters.SPAN_WEIGHT;
  private static final float RATE = 1e-2f;

  @Test
  void twoStepsMatchTheTextbookUpdate() {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      RagModel model = TinyRag.model();
      List<RagExample> batch = TinyRag.examples();
      RagParameters params = TinyRag.parameters(manager, 3);
      RagTrainer trainer = new RagTrainer(model, params, ParameterSubset.ALL, RATE, manager);
      float[] w = params.get(PARAMETER).toFloatArray();
      float[] m = new float[w.length];
      float[] v = new float[w.length];
      for (int step = 1; step <= 2; step++) {
        float[] g = gradient(model, params, batch, manager);
        trainer.step(batch);
        for (int i = 0; i < w.length; i++) {
          m[i] = 0.9f * m[i] + 0.1f * g[i];
          v[i] = 0.999f * v[i] + 0.001f * g[i] * g[i];
          double mHat = m[i] / (1 - Math.pow(0.9, step));
          double vHat = v[i] / (1 - Math.pow(0.999, step));
          w[i] -= (float) (RATE * mHat / (Math.sqrt(vHat) + 1e-8));
        }
        float[] trained = params.get(PARAMETER).toFloatArray();
        for (int i = 0; i < w.length; i++) {
          assertThat(trained[i]).as("step %d, element %d", step, i).isCloseTo(w[i], within(w[i]));
        }
      }
    }
  }

  private static org.assertj.core.data.Offset<Float> within(float expected) {
    return org.assertj.core.data.Offset.offset(1e-6f + 1e-5f * Math.abs(expected));
  }

  /** The loss's gradient for the parameter at the current values, on copies of the parameters. */
  private static float[] gradient(
      RagModel model, RagParameters params, List<RagExample> batch, NDManager manager) {
    try (NDManager scope = manager.newSubManager()) {
      Map<String, NDArray> copy = new LinkedHashMap<>();
      params.asMap().forEach((name, a) -> copy.put(name, a.duplicate()));
      copy.values().forEach(a -> a.attach(scope));
      copy.values().forEach(a -> a.setRequiresGradient(true));
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        collector.backward(model.loss(new RagParameters(copy), batch, scope).loss());
      }
      return copy.get(PARAMETER).getGradient().toFloatArray();
    }
  }

  @Test
  void parametersNoGradientReachedStayExactlyWhereTheyWere() {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      RagModel model = TinyRag.model();
      // One candidate per question: p(z|q) = 1, so the query encoder is not in the loss.
      List<RagExample> gold =
          TinyRag.examples().stream()
              .map(e -> new RagExample(e.question(), List.of(e.candidates().get(0)), e.answers()))
              .toList();
      RagParameters params = TinyRag.parameters(manager, 4);
      String query = "query.encoder.layer.0.output.dense.weight";
      String reader = "reader.encoder.layer.0.output.dense.weight";
      float[] queryBefore = params.get(query).toFloatArray();
      float[] readerBefore = params.get(reader).toFloatArray();
      RagTrainer trainer = new RagTrainer(model, params, ParameterSubset.ALL, RATE, manager);

      trainer.step(gold);
      trainer.step(gold);

      assertThat(params.get(query).toFloatArray()).containsExactly(queryBefore);
      assertThat(params.get(reader).toFloatArray()).isNotEqualTo(readerBefore);
      assertThat(trainer.state().firstMoments()).doesNotContainKey(query).containsKey(reader);
    }
  }
}
