package dev.metarag.bench.transfer;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A 95% interval for the difference between two methods' mean scores on the same questions under
 * the same support draws, by a paired bootstrap over both sources of chance: each resample draws
 * seeds with replacement and, independently, questions with replacement, and averages the paired
 * differences over the drawn seed-question pairs. Questions are crossed with seeds (every seed is
 * evaluated on the same held-out questions), so one draw of questions serves every drawn seed.
 */
public final class PairedBootstrap {
  /** Resamples when none are named: enough for stable 2.5% and 97.5% percentiles. */
  public static final int DEFAULT_RESAMPLES = 10_000;

  private PairedBootstrap() {}

  /** The verdict an interval supports, read from the interval alone. */
  public enum Verdict {
    BETTER("better"),
    WORSE("worse"),
    NO_DIFFERENCE_DETECTED("no difference detected");

    private final String words;

    Verdict(String words) {
      this.words = words;
    }

    @Override
    public String toString() {
      return words;
    }
  }

  /**
   * The mean difference and its percentile interval.
   *
   * @param mean the observed mean of method minus baseline
   */
  public record Interval(double mean, double low, double high) {
    /** Better or worse only when the whole interval lies on one side of zero. */
    public Verdict verdict() {
      if (low > 0) {
        return Verdict.BETTER;
      }
      if (high < 0) {
        return Verdict.WORSE;
      }
      return Verdict.NO_DIFFERENCE_DETECTED;
    }
  }

  /**
   * @param method scores of the method, {@code [seed][question]}
   * @param baseline scores of the baseline on the same seeds and questions
   * @param seed seeds the resampling, so a report can be reproduced
   */
  public static Interval difference(
      double[][] method, double[][] baseline, int resamples, long seed) {
    double[][] d = differences(method, baseline);
    int seeds = d.length;
    int questions = d[0].length;
    double[] rowSums = new double[seeds];
    SplittableRandom random = new SplittableRandom(seed);
    double[] means = new double[resamples];
    int[] drawnQuestions = new int[questions];
    for (int r = 0; r < resamples; r++) {
      for (int q = 0; q < questions; q++) {
        drawnQuestions[q] = random.nextInt(questions);
      }
      for (int s = 0; s < seeds; s++) {
        double sum = 0;
        for (int q : drawnQuestions) {
          sum += d[s][q];
        }
        rowSums[s] = sum;
      }
      double total = 0;
      for (int s = 0; s < seeds; s++) {
        total += rowSums[random.nextInt(seeds)];
      }
      means[r] = total / ((double) seeds * questions);
    }
    Arrays.sort(means);
    return new Interval(mean(d), percentile(means, 0.025), percentile(means, 0.975));
  }

  private static double[][] differences(double[][] method, double[][] baseline) {
    if (method.length == 0 || method.length != baseline.length) {
      throw new IllegalArgumentException(
          "both methods need scores for the same seeds, at least one: "
              + method.length
              + " against "
              + baseline.length);
    }
    double[][] d = new double[method.length][];
    for (int s = 0; s < method.length; s++) {
      if (method[s].length == 0 || method[s].length != baseline[s].length) {
        throw new IllegalArgumentException(
            "seed " + s + ": both methods need scores for the same questions, at least one");
      }
      if (method[s].length != method[0].length) {
        throw new IllegalArgumentException("every seed needs the same questions");
      }
      d[s] = new double[method[s].length];
      for (int q = 0; q < d[s].length; q++) {
        d[s][q] = method[s][q] - baseline[s][q];
      }
    }
    return d;
  }

  private static double mean(double[][] d) {
    double sum = 0;
    long n = 0;
    for (double[] row : d) {
      for (double x : row) {
        sum += x;
        n++;
      }
    }
    return sum / n;
  }

  /** The value below which a fraction {@code p} of the sorted values lie (nearest rank). */
  private static double percentile(double[] sorted, double p) {
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
