package dev.metarag.bench.meta;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * What one algorithm's run measured, as one JSON line between the child JVM and the driver.
 *
 * @param algorithm the meta-learning algorithm
 * @param stepsRequested meta-steps asked for
 * @param stepsRun meta-steps done (fewer when the time limit stopped the run)
 * @param warmupSeconds the first meta-step, kept out of the statistics below
 * @param meanSeconds mean over steps 2..N
 * @param p50Seconds median over steps 2..N
 * @param p90Seconds 90th percentile (nearest rank) over steps 2..N
 * @param maxSeconds slowest of steps 2..N
 * @param setupSeconds reading data, precomputing candidates and loading the model
 * @param setupPeakRssMiB peak resident memory during setup (candidate precomputation included)
 * @param rssBeforeStepsMiB resident memory with the model loaded, before the first meta-step
 * @param rssAfterStep10MiB resident memory after meta-step 10 (or the last one, if fewer)
 * @param rssAfterLastMiB resident memory after the last meta-step
 * @param peakRssMiB peak resident memory over the meta-steps (VmHWM, reset after setup)
 * @param peakReset whether the kernel let the peak be reset after setup; if not, {@code peakRssMiB}
 *     covers setup too
 * @param rssSlopeMiBPerStep least-squares slope of resident memory over steps 10..N
 * @param trimmedRssAfterStep10MiB resident memory after step 10 once glibc's malloc_trim has
 *     returned the allocator's free memory: live native memory (NaN where malloc_trim is missing)
 * @param trimmedRssAfterLastMiB the same after the last step
 * @param heapUsedMiB JVM heap in use after the last meta-step
 * @param heapPeakMiB peak JVM heap over the meta-steps
 * @param rssEvery10MiB resident memory after steps 1, 10, 20, ..., and the last
 * @param firstQueryLoss the query loss of meta-step 1
 * @param lastQueryLoss the mean query loss of the last ten meta-steps
 * @param parameters number of scalar parameters of the model
 * @param questionsPerDomain questions kept per domain, in domain order
 * @param loadAverageAtEnd the machine's 1, 5 and 15 minute load averages after the last step
 */
record AlgorithmResult(
    String algorithm,
    int stepsRequested,
    int stepsRun,
    double warmupSeconds,
    double meanSeconds,
    double p50Seconds,
    double p90Seconds,
    double maxSeconds,
    double setupSeconds,
    double setupPeakRssMiB,
    double rssBeforeStepsMiB,
    double rssAfterStep10MiB,
    double rssAfterLastMiB,
    double peakRssMiB,
    boolean peakReset,
    double rssSlopeMiBPerStep,
    double trimmedRssAfterStep10MiB,
    double trimmedRssAfterLastMiB,
    double heapUsedMiB,
    double heapPeakMiB,
    List<Double> rssEvery10MiB,
    double firstQueryLoss,
    double lastQueryLoss,
    long parameters,
    List<Integer> questionsPerDomain,
    String loadAverageAtEnd) {
  /** The marker that starts a result line on a child's standard output. */
  static final String LINE_PREFIX = "RESULT ";

  /**
   * Growth from step 10 to the last step beyond this counts as growing memory: well above the
   * allocator's noise, far below the hundreds of megabytes per step that an unreleased second-order
   * graph would add.
   */
  static final double GROWTH_TOLERANCE_MIB = 64;

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** Resident memory added between step 10 and the last step. */
  double growthMiB() {
    return rssAfterLastMiB - rssAfterStep10MiB;
  }

  boolean memoryGrew() {
    return growthMiB() > GROWTH_TOLERANCE_MIB;
  }

  /** Live native memory added between step 10 and the last step (after malloc_trim at both). */
  double trimmedGrowthMiB() {
    return trimmedRssAfterLastMiB - trimmedRssAfterStep10MiB;
  }

  /** "no", or "yes" with whether the live memory grew too or only what the allocator keeps. */
  String growthVerdict() {
    if (!memoryGrew()) {
      return "no";
    }
    if (Double.isNaN(trimmedGrowthMiB())) {
      return "yes";
    }
    return trimmedGrowthMiB() > GROWTH_TOLERANCE_MIB ? "yes (live)" : "yes (allocator-held only)";
  }

  String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static AlgorithmResult fromJson(String json) {
    try {
      return JSON.readValue(json, AlgorithmResult.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a result line: " + json, e);
    }
  }
}
