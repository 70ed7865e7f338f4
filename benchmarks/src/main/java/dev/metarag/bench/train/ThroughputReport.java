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
      List<TrainingThroughputBenchmark.Figure> forward) {
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
    md.append(
        "| way | forward + backward, pairs/s | speed-up | whole steps with Adam, pairs/s |"
            + " speed-up | padding |\n|---|---|---|---|---|---|\n");
    TrainingThroughputBenchmark.Figure before = training.get(0);
    for (TrainingThroughputBenchmark.Figure f : training) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %.2f | %.2fx | %.2f | %.2fx | %.0f%% |%n",
              f.name(),
              f.pairsPerSecond(),
              f.pairsPerSecond() / before.pairsPerSecond(),
              f.stepPairsPerSecond(),
              f.stepPairsPerSecond() / before.stepPairsPerSecond(),
              100 * f.paddedFraction()));
    }
    md.append(
        "\n\"before\" is the step as the code took it at eda24e9 (one reader pass per question,"
            + " Adam building fresh arrays for every parameter), replayed by `BaselineStep`. Each"
            + " row starts from the same pretrained parameters, after one untimed warm-up"
            + " batch.\n");
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
