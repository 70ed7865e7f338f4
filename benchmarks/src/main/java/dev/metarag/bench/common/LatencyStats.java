package dev.metarag.bench.common;

import java.util.Arrays;

/** Percentiles of a set of latencies in nanoseconds, reported in milliseconds. */
public final class LatencyStats {
  private final long[] sorted;

  public LatencyStats(long[] nanos) {
    this.sorted = nanos.clone();
    Arrays.sort(sorted);
  }

  /** The p-th percentile (nearest rank), in milliseconds. */
  public double percentileMillis(double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
  }

  public double p50() {
    return percentileMillis(50);
  }

  public double p99() {
    return percentileMillis(99);
  }

  public int count() {
    return sorted.length;
  }
}
