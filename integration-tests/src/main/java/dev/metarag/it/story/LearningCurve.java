package dev.metarag.it.story;

import dev.metarag.proto.v1.EvaluationMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The results file of a pretraining run: its settings and machine, then one row per evaluation
 * (step, questions trained on, minutes since the job started, load, EM and F1), rewritten after
 * every evaluation so that a run cut short still leaves the curve it drew.
 */
final class LearningCurve {
  private final Path file;
  private final String header;
  private final int batch;
  private final long started = System.nanoTime();
  private final List<String> rows = new ArrayList<>();

  LearningCurve(Path file, String command, String settings, int batch) {
    this.file = file;
    this.batch = batch;
    this.header =
        "# General reader: learning curve on SQuAD v1.1\n\n"
            + "- command: `"
            + command
            + "`\n- started: "
            + LocalDateTime.now().withNano(0)
            + "\n- machine: "
            + Runtime.getRuntime().availableProcessors()
            + " cores, "
            + System.getProperty("os.name")
            + ", Java "
            + System.getProperty("java.version")
            + "\n- settings: "
            + settings
            + "\n\nEach row is an evaluation the job ran on its squad/dev questions: every question"
            + " read with its retrieved squad-dev passages (HYBRID top k of the job) by the model"
            + " as trained so far, on DJL in float32 (the served int8 ONNX reader is measured"
            + " separately). Time counts from the job's start, task preparation included.\n\n"
            + "| step | questions trained on | minutes | load (1 min) | EM | F1 | recall@5 |\n"
            + "|---|---|---|---|---|---|---|\n";
  }

  void add(long step, EvaluationMetrics m) {
    rows.add(
        String.format(
            Locale.ROOT,
            "| %d | %d | %.1f | %s | %.1f | %.1f | %.3f |%n",
            step,
            step * batch,
            (System.nanoTime() - started) / 6e10,
            loadAverage(),
            100 * m.getExactMatch(),
            100 * m.getF1(),
            m.getRecallAt5()));
    write();
  }

  private void write() {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, header + String.join("", rows));
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "unknown";
    }
  }
}
