package dev.metarag.bench.meta;

import dev.metarag.bench.common.Machine;
import dev.metarag.bench.common.SystemLoad;
import dev.metarag.training.meta.MetaAlgorithm;
import dev.metarag.training.model.RagModelSetup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Markdown results file: machine, configuration, one table row per algorithm (or why it has
 * none), the resident-memory traces and the raw JSON lines. Rewritten after every algorithm so that
 * an interrupted run still leaves what it measured.
 */
final class ResultsReport {
  private final BenchmarkSettings settings;
  private final String loadAtStart = SystemLoad.averages();
  private final Map<MetaAlgorithm, String> outcomes = new LinkedHashMap<>();
  private final Map<MetaAlgorithm, AlgorithmResult> results = new LinkedHashMap<>();
  private final Set<MetaAlgorithm> kept = EnumSet.noneOf(MetaAlgorithm.class);

  ResultsReport(BenchmarkSettings settings, List<MetaAlgorithm> planned) {
    this.settings = settings;
    planned.forEach(a -> outcomes.put(a, "not run yet"));
  }

  void measured(MetaAlgorithm algorithm, AlgorithmResult result) {
    results.put(algorithm, result);
    outcomes.put(algorithm, "measured");
  }

  /** A result measured by an earlier run of this benchmark, kept in the rewritten file. */
  void keptFromEarlierRun(MetaAlgorithm algorithm, AlgorithmResult result) {
    measured(algorithm, result);
    kept.add(algorithm);
  }

  void failed(MetaAlgorithm algorithm, String why) {
    outcomes.put(algorithm, why);
  }

  void write(Path out) throws IOException {
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, render());
  }

  String render() {
    StringBuilder md = new StringBuilder();
    md.append("# Meta-step time and memory per algorithm (")
        .append(
            settings.model().equals(RagModelSetup.TINY)
                ? "tiny test model"
                : "real MiniLM RAG model")
        .append(", CPU)\n\n");
    md.append("- date: ").append(LocalDate.now()).append('\n');
    md.append("- machine: ").append(Machine.describe()).append('\n');
    md.append("- load average (1, 5, 15 min) when the run started: ")
        .append(loadAtStart)
        .append('\n');
    md.append(
        "- JVM: each algorithm in its own JVM (same flags: -Dai.djl.pytorch.num_threads=2,"
            + " -Dai.djl.pytorch.num_interop_threads=1, OMP_WAIT_POLICY=PASSIVE), default heap"
            + " limit\n");
    md.append(settings.describe());
    md.append("- command: `./metarag bench-meta ")
        .append(String.join(" ", settings.toArgs()))
        .append("`\n");
    if (!kept.isEmpty()) {
      md.append(
              "- rows kept from an earlier run of this benchmark (its date, load and settings may")
          .append(" differ; see the notes): ")
          .append(kept.stream().map(Enum::name).collect(Collectors.joining(", ")))
          .append('\n');
    }
    md.append(
        """
        - times: wall time of MetaLearner.step alone; the first step (warm-up) is reported apart and \
        left out of mean, p50 and p90
        - memory: resident set (VmRSS, native libtorch memory included) right after steps 10 and N; \
        peak = VmHWM over the meta-steps (reset after setup through /proc/self/clear_refs); heap = \
        JVM heap in use after the last step; "grew" = more than %.0f MiB added between step 10 and \
        step N; slope = least-squares resident-memory slope over steps 10..N; live = resident memory \
        right after glibc's malloc_trim(0) (called after the RSS reading of step 10 and after the \
        last step, outside the timed steps), i.e. without the free memory the C allocator keeps

        """
            .formatted(AlgorithmResult.GROWTH_TOLERANCE_MIB));
    md.append(
        "| algorithm | steps | warm-up s | mean s | p50 s | p90 s | RSS @10 MiB | RSS @N MiB"
            + " | peak RSS MiB | heap MiB | growth 10→N MiB | slope MiB/step | live @10 → @N MiB"
            + " | grew |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    outcomes.forEach(
        (algorithm, outcome) -> {
          AlgorithmResult r = results.get(algorithm);
          if (r == null) {
            md.append("| ").append(algorithm).append(" | ").append(outcome);
            md.append(" |  |  |  |  |  |  |  |  |  |  |  |  |\n");
          } else {
            md.append(row(r));
          }
        });
    if (!results.isEmpty()) {
      md.append("\nSetup and losses (sanity checks, not benchmarks):\n\n");
      md.append(
          "| algorithm | setup s | setup peak RSS MiB | RSS before step 1 MiB | heap peak MiB"
              + " | query loss step 1 | query loss, last 10 | questions per domain"
              + " | load average at the end |\n");
      md.append("|---|---|---|---|---|---|---|---|---|\n");
      results.values().forEach(r -> md.append(setupRow(r)));
      md.append("\nResident memory (MiB) after steps 1, 10, 20, ... and N:\n\n");
      results
          .values()
          .forEach(
              r ->
                  md.append("- ")
                      .append(r.algorithm())
                      .append(": ")
                      .append(
                          r.rssEvery10MiB().stream()
                              .map(v -> String.valueOf(Math.round(v)))
                              .collect(Collectors.joining(" ")))
                      .append('\n'));
      md.append("\nRaw results (one JSON line per algorithm):\n\n```\n");
      results.values().forEach(r -> md.append(r.toJson()).append('\n'));
      md.append("```\n");
    }
    return md.toString();
  }

  private static String row(AlgorithmResult r) {
    String steps =
        r.stepsRun() == r.stepsRequested()
            ? String.valueOf(r.stepsRun())
            : r.stepsRun() + " of " + r.stepsRequested();
    return String.format(
        Locale.ROOT,
        "| %s | %s | %.1f | %.2f | %.2f | %.2f | %.0f | %.0f | %.0f%s | %.0f | %+.0f | %+.2f"
            + " | %.0f → %.0f | %s |%n",
        r.algorithm(),
        steps,
        r.warmupSeconds(),
        r.meanSeconds(),
        r.p50Seconds(),
        r.p90Seconds(),
        r.rssAfterStep10MiB(),
        r.rssAfterLastMiB(),
        r.peakRssMiB(),
        r.peakReset() ? "" : " (incl. setup)",
        r.heapUsedMiB(),
        r.growthMiB(),
        r.rssSlopeMiBPerStep(),
        r.trimmedRssAfterStep10MiB(),
        r.trimmedRssAfterLastMiB(),
        r.growthVerdict());
  }

  private static String setupRow(AlgorithmResult r) {
    return String.format(
        Locale.ROOT,
        "| %s | %.0f | %.0f | %.0f | %.0f | %.3f | %.3f | %s | %s |%n",
        r.algorithm(),
        r.setupSeconds(),
        r.setupPeakRssMiB(),
        r.rssBeforeStepsMiB(),
        r.heapPeakMiB(),
        r.firstQueryLoss(),
        r.lastQueryLoss(),
        r.questionsPerDomain(),
        r.loadAverageAtEnd());
  }
}
