package dev.metarag.training.meta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.metarag.training.meta.LinearRegression.Batch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

/**
 * A family of linear-regression tasks around a common centre, in two domains, and learners over a
 * "body" (2 coordinates) and a "head" (2 coordinates) starting at zero.
 */
final class MetaTasks {
  static final List<String> BLOCKS = List.of("body", "head");

  private final List<MetaTask<Batch>> tasks = new ArrayList<>();

  MetaTasks(long seed, int count) {
    Random random = new Random(seed);
    double[] centre = LinearRegression.gaussian(random, 4, 1.0);
    for (int i = 0; i < count; i++) {
      double[] truth = Matrices.plus(centre, LinearRegression.gaussian(random, 4, 0.3));
      tasks.add(LinearRegression.task(i % 2 == 0 ? "even" : "odd", random, truth, 10));
    }
  }

  /** The {@code step}-th meta-batch of {@code size} tasks, cycling through the family. */
  List<MetaTask<Batch>> metaBatch(int step, int size) {
    List<MetaTask<Batch>> batch = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      batch.add(tasks.get((step * size + i) % tasks.size()));
    }
    return batch;
  }

  List<MetaTask<Batch>> all() {
    return tasks;
  }

  /** The configuration the tests train with: K = 1, heads-only inner loop for ANIL. */
  static MetaConfig config(MetaAlgorithm algorithm) {
    Predicate<String> inner = algorithm == MetaAlgorithm.ANIL ? "head"::equals : n -> true;
    return MetaConfig.of(algorithm, 0.1f, 0.05f, 1, n -> true, inner);
  }

  static Map<String, NDArray> zeros(NDManager manager) {
    Map<String, NDArray> params = new LinkedHashMap<>();
    params.put("body", manager.zeros(new Shape(2)));
    params.put("head", manager.zeros(new Shape(2)));
    return params;
  }

  static MetaLearner<Batch> learner(MetaConfig config, NDManager manager) {
    return new MetaLearner<>(new LinearRegression(BLOCKS), zeros(manager), config, manager);
  }
}
