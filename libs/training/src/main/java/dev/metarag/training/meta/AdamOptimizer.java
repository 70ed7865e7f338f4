package dev.metarag.training.meta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam (beta1 0.9, beta2 0.999, epsilon 1e-8, bias-corrected) for the outer loop, keyed by name so
 * that parameters and learned inner rates share one step count. Its whole state (moments and step
 * count) can be saved and restored, which makes a resumed run identical to an uninterrupted one.
 */
final class AdamOptimizer {
  static final float BETA1 = 0.9f;
  static final float BETA2 = 0.999f;
  static final float EPSILON = 1e-8f;

  private final float learningRate;
  private final NDManager manager;
  private final Map<String, NDArray> firstMoments;
  private final Map<String, NDArray> secondMoments;
  private int steps;

  /** A fresh optimiser whose state is owned by {@code manager}. */
  AdamOptimizer(float learningRate, NDManager manager) {
    this(learningRate, manager, 0, new LinkedHashMap<>(), new LinkedHashMap<>());
  }

  /** An optimiser resuming from saved state (which it takes ownership of). */
  AdamOptimizer(
      float learningRate,
      NDManager manager,
      int steps,
      Map<String, NDArray> firstMoments,
      Map<String, NDArray> secondMoments) {
    this.learningRate = learningRate;
    this.manager = manager;
    this.steps = steps;
    this.firstMoments = new LinkedHashMap<>(firstMoments);
    this.secondMoments = new LinkedHashMap<>(secondMoments);
    this.firstMoments.values().forEach(a -> a.attach(manager));
    this.secondMoments.values().forEach(a -> a.attach(manager));
  }

  /** Starts a new step: the bias corrections of the following updates use its number. */
  void advance() {
    steps++;
  }

  int steps() {
    return steps;
  }

  Map<String, NDArray> firstMoments() {
    return Collections.unmodifiableMap(firstMoments);
  }

  Map<String, NDArray> secondMoments() {
    return Collections.unmodifiableMap(secondMoments);
  }

  /**
   * The updated value of {@code current} for one step along {@code gradient}, owned by the
   * optimiser's manager. The caller replaces and closes {@code current}.
   */
  NDArray update(String key, NDArray current, NDArray gradient) {
    if (steps == 0) {
      throw new IllegalStateException("advance() before the first update");
    }
    NDArray oldM = firstMoments.get(key);
    NDArray oldV = secondMoments.get(key);
    float correction1 = 1 - (float) Math.pow(BETA1, steps);
    float correction2 = 1 - (float) Math.pow(BETA2, steps);
    // Work on aliases owned by a scratch manager: intermediates die with it, and only the three
    // results move to the optimiser's manager.
    NDArray updated;
    try (NDManager scratch = manager.newSubManager()) {
      NDArray g = Aliases.of(gradient, scratch);
      NDArray m = g.mul(1 - BETA1);
      NDArray v = g.square().mul(1 - BETA2);
      if (oldM != null) {
        m = m.add(Aliases.of(oldM, scratch).mul(BETA1));
        v = v.add(Aliases.of(oldV, scratch).mul(BETA2));
      }
      NDArray step =
          m.div(correction1).mul(learningRate).div(v.div(correction2).sqrt().add(EPSILON));
      updated = Aliases.of(current, scratch).sub(step);
      m.attach(manager);
      v.attach(manager);
      updated.attach(manager);
      firstMoments.put(key, m);
      secondMoments.put(key, v);
    }
    if (oldM != null) {
      oldM.close();
      oldV.close();
    }
    return updated;
  }
}
