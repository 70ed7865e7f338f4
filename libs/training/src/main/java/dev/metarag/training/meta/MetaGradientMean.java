package dev.metarag.training.meta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The mean of task gradients and losses over a meta-batch, summed in place so that memory does not
 * grow with the number of tasks.
 */
final class MetaGradientMean {
  private final NDManager owner;
  private final Map<String, NDArray> sum = new LinkedHashMap<>();
  private final Map<String, double[]> queryLossByDomain = new LinkedHashMap<>();
  private double supportLoss;
  private double queryLoss;
  private int tasks;

  /** Sums into arrays owned by {@code owner}. */
  MetaGradientMean(NDManager owner) {
    this.owner = owner;
  }

  /** Adds a task's contribution; its arrays may be freed afterwards. */
  void add(String domain, TaskGradientRule.TaskGradient task) {
    task.gradient()
        .forEach(
            (name, g) -> {
              NDArray total = sum.get(name);
              if (total == null) {
                g.attach(owner);
                sum.put(name, g);
              } else {
                total.addi(g);
              }
            });
    supportLoss += task.supportLoss();
    queryLoss += task.queryLoss();
    double[] domainSum = queryLossByDomain.computeIfAbsent(domain, d -> new double[2]);
    domainSum[0] += task.queryLoss();
    domainSum[1]++;
    tasks++;
  }

  /**
   * The means.
   *
   * @param gradient the meta-gradient, owned by the manager given at construction
   */
  record Result(
      Map<String, NDArray> gradient,
      float supportLoss,
      float queryLoss,
      Map<String, Float> queryLossByDomain) {}

  Result mean() {
    if (tasks == 0) {
      throw new IllegalStateException("no task was added");
    }
    sum.values().forEach(g -> g.divi(tasks));
    Map<String, Float> byDomain = new LinkedHashMap<>();
    queryLossByDomain.forEach((d, s) -> byDomain.put(d, (float) (s[0] / s[1])));
    return new Result(sum, (float) (supportLoss / tasks), (float) (queryLoss / tasks), byDomain);
  }
}
