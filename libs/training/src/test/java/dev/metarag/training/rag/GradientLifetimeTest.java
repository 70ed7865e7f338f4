package dev.metarag.training.rag;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The autograd graph must not refer to memory that the JVM owns and may free before backward.
 *
 * <p>DJL's PyTorch engine wraps arrays created from Java values ({@code manager.create(...)}, and
 * the temporary scalar behind {@code x.div(2f)}) around a direct ByteBuffer without copying. When
 * such an array is closed, the buffer becomes garbage, yet a graph node that saved it for backward
 * (mul and div save their operands) still points at its memory. A garbage collection between
 * forward and backward then frees the memory and backward reads whatever is there next: the
 * non-deterministic NaN of real training runs, which broke at step 5, 6 or 8 depending on when the
 * collector ran.
 */
class GradientLifetimeTest {
  @Test
  void gradientsDoNotDependOnAGarbageCollectionBetweenForwardAndBackward() throws Exception {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      RagModel model = TinyRag.model();
      // Three candidates per example: both the reader and the query encoder are in the graph.
      Map<String, float[]> calm = gradients(model, TinyRag.parameters(manager, 7), manager, false);
      Map<String, float[]> collected =
          gradients(model, TinyRag.parameters(manager, 7), manager, true);
      assertThat(collected.keySet()).isEqualTo(calm.keySet());
      for (String name : calm.keySet()) {
        assertThat(maxAbsDifference(collected.get(name), calm.get(name)))
            .as(name)
            .isNotNaN()
            .isLessThanOrEqualTo(1e-6f);
      }
      // The scaled attention scores are on the gradient's path to the query projection.
      float[] query = calm.get("reader.encoder.layer.0.attention.self.query.weight");
      assertThat(query).isNotEqualTo(new float[query.length]);
    }
  }

  private static Map<String, float[]> gradients(
      RagModel model, RagParameters params, NDManager manager, boolean collectGarbage) {
    params.asMap().values().forEach(w -> w.setRequiresGradient(true));
    Map<String, float[]> gradients = new TreeMap<>();
    try (NDManager scope = manager.newSubManager()) {
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray loss = model.loss(params, TinyRag.examples(), scope).loss();
        if (collectGarbage) {
          freeUnreachableBuffersAndReuseTheirMemory(scope);
        }
        collector.backward(loss);
      }
      params
          .asMap()
          .forEach(
              (name, w) -> {
                try (NDArray g = w.getGradient()) {
                  gradients.put(name, g.toFloatArray());
                }
              });
    }
    return gradients;
  }

  private static float maxAbsDifference(float[] a, float[] b) {
    assertThat(a).hasSameSizeAs(b);
    float max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  /**
   * Runs the collector until an unreachable object is known to be collected (so the cleaners of
   * unreachable direct buffers have their turn), then allocates many small buffers holding zeros,
   * which the allocator serves from the freed memory.
   */
  private static void freeUnreachableBuffersAndReuseTheirMemory(NDManager scope) {
    WeakReference<Object> canary = new WeakReference<>(new Object());
    for (int i = 0; i < 3 || canary.get() != null; i++) {
      System.gc();
      Thread.onSpinWait();
    }
    for (int i = 0; i < 10_000; i++) {
      scope.create(0f);
    }
  }
}
