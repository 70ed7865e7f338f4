package dev.metarag.bench.train;

import java.util.List;
import java.util.Locale;

/** The Markdown results of {@code bench-train}. */
final class ThroughputReport {
  private ThroughputReport() {}

  static String render(
      String date,
      String machine,
      String loadBefore,
      String loadAfter,
      String arguments,
      String model,
      int questions,
      int batch,
      int negatives,
      List<TrainingThroughputBenchmark.Figure> training,
      List<TrainingThroughputBenchmark.Figure> forward,
      double adamPairsPerSecond) {
    StringBuilder md = new StringBuilder();
    md.append("# Training throughput (`./metarag bench-train")
        .append(arguments.isBlank() ? "" : " " + arguments)
        .append("`)\n\n");
    md.append("- date: ").append(date).append('\n');
    md.append("- machine: ").append(machine).append('\n');
    md.append("- load average (1, 5, 15 min) before: ")
        .append(loadBefore)
        .append("; after: ")
        .append(loadAfter)
        .append('\n');
    md.append(
        String.format(
            Locale.ROOT,
            "- model: %s; %d questions from squad/train (seeded), gold paragraph + %d other"
                + " paragraphs of the same article each; batch %d; at most 256 tokens per pair,"
                + " 48 per question; DJL PyTorch CPU with 2 intra-op threads%n%n",
            model,
            questions,
            negatives,
            batch));
    md.append("| forward + backward | pairs/s | padding | speed-up |\n|---|---|---|---|\n");
    double before = training.get(0).pairsPerSecond();
    for (TrainingThroughputBenchmark.Figure f : training) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %.2f | %.0f%% | %.2fx |%n",
              f.name(),
              f.pairsPerSecond(),
              100 * f.paddedFraction(),
              f.pairsPerSecond() / before));
    }
    md.append(
        String.format(
            Locale.ROOT,
            "%nWhole steps with Adam on every parameter (packed, similar lengths): %.2f pairs/s.%n",
            adamPairsPerSecond));
    if (!forward.isEmpty()) {
      md.append(
          "\n| forward only, same pairs and batches | pairs/s | a third of it |\n|---|---|---|\n");
      for (TrainingThroughputBenchmark.Figure f : forward) {
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %.2f | %.2f |%n",
                f.name(),
                f.pairsPerSecond(),
                f.pairsPerSecond() / 3));
      }
      md.append(
          "\nA training step costs about three forward passes (forward, and backward's two"
              + " products per matrix), so a third of the float32 forward rate is the"
              + " arithmetic limit of training in float32 on these cores.\n");
    }
    return md.toString();
  }
}
