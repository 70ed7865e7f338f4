package dev.metarag.bench.adapter;

import dev.metarag.proto.v1.AdaptTimings;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Markdown results of the adaptation benchmark: settings, one row per call, medians. */
final class AdaptReport {
  /** Targets of the adapter issue on this 2-core CPU, in seconds. */
  private static final Map<String, Double> TARGET_SECONDS = Map.of("ANIL", 5.0, "FULL", 30.0);

  private AdaptReport() {}

  static String header() {
    return "| mode | call | support used | client s | total s | retrieve s | evaluate before s | adapt s | evaluate"
        + " after s | export s | F1 before → after | recall@5 before → after | adapter RSS MiB |\n"
        + "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";
  }

  static String row(AdaptRun r) {
    AdaptTimings t = r.timings();
    return String.format(
        Locale.ROOT,
        "| %s | %s | %d of %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.3f → %.3f | %.3f → %.3f | %d |",
        r.mode(),
        r.cold() ? "cold" : "warm",
        r.response().getSupportExamplesUsed(),
        r.response().getSupportExamplesUsed() + r.response().getSupportExamplesSkipped(),
        r.clientMillis() / 1000.0,
        t.getTotalMillis() / 1000.0,
        t.getRetrieveMillis() / 1000.0,
        t.getEvaluateBeforeMillis() / 1000.0,
        t.getAdaptMillis() / 1000.0,
        t.getEvaluateAfterMillis() / 1000.0,
        t.getExportMillis() / 1000.0,
        r.response().getBefore().getF1(),
        r.response().getAfter().getF1(),
        r.response().getBefore().getRecallAt5(),
        r.response().getAfter().getRecallAt5(),
        r.adapterRssMiB());
  }

  static String render(Map<String, String> settings, List<AdaptRun> runs) {
    StringBuilder md = new StringBuilder();
    md.append("# Adapt: wall time to a registered version (real MiniLM RAG model, CPU)\n\n");
    md.append("- date: ").append(LocalDate.now()).append('\n');
    settings.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
    md.append(
        "- command: `./metarag bench-adapt` (retriever and adapter as child processes, one Adapt"
            + " call at a time)\n");
    md.append(
        "- client s: from sending Adapt to its response (the version is registered by then);"
            + " total s and the stages: the adapter's own AdaptTimings\n\n");
    md.append(header());
    runs.forEach(r -> md.append(row(r)).append('\n'));
    md.append("\nWarm calls, median of the client wall time, against the issue's targets:\n\n");
    md.append("| mode | warm calls | median client s | target s | met |\n|---|---|---|---|---|\n");
    for (String mode : List.of("ANIL", "FULL")) {
      double[] warm =
          runs.stream()
              .filter(r -> r.mode().equals(mode) && !r.cold())
              .mapToDouble(r -> r.clientMillis() / 1000.0)
              .sorted()
              .toArray();
      if (warm.length == 0) {
        continue;
      }
      double median =
          warm.length % 2 == 1
              ? warm[warm.length / 2]
              : (warm[warm.length / 2 - 1] + warm[warm.length / 2]) / 2;
      double target = TARGET_SECONDS.get(mode);
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %.1f | %.0f | %s |%n",
              mode,
              warm.length,
              median,
              target,
              median < target ? "yes" : "no"));
    }
    return md.toString();
  }
}
