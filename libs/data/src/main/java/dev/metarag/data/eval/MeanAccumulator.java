package dev.metarag.data.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/** Averages named per-query metrics over many queries. Not thread-safe. */
public final class MeanAccumulator {
  private final Map<String, double[]> sums = new LinkedHashMap<>();

  public void add(String metric, double value) {
    double[] s = sums.computeIfAbsent(metric, m -> new double[2]);
    s[0] += value;
    s[1]++;
  }

  /** Mean of a metric, or NaN if it was never added. */
  public double mean(String metric) {
    double[] s = sums.get(metric);
    return s == null ? Double.NaN : s[0] / s[1];
  }

  public long count(String metric) {
    double[] s = sums.get(metric);
    return s == null ? 0 : (long) s[1];
  }

  /** Every metric's mean, in the order first added. */
  public Map<String, Double> means() {
    Map<String, Double> out = new LinkedHashMap<>();
    sums.forEach((k, s) -> out.put(k, s[0] / s[1]));
    return out;
  }
}
