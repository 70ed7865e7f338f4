package dev.metarag.bench.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./metarag bench-train} runs end to end on the tiny model and a fixture SQuAD file, and
 * writes its table: every way of running a step measured, with finite rates.
 */
class TrainingThroughputBenchmarkTest {
  @Test
  void theBenchmarkRunsEveryWayAndWritesItsTable(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("throughput.md");

    TrainingThroughputBenchmark.main(
        new String[] {
          "--model", "tiny",
          "--questions", "4",
          "--batch", "4",
          "--negatives", "1",
          "--squad", Path.of("../libs/testing/fixtures/gadgets.json").toString(),
          "--out", out.toString()
        });

    String report = Files.readString(out);
    assertThat(report)
        .contains("# Training throughput", "load average", "model: tiny; 4 questions")
        .contains(
            "| before: one reader pass per question |",
            "| packed: one reader pass per batch |",
            "| packed, batches of similar length |",
            "embeddings frozen",
            "top 2 layers and heads");
    assertThat(report).doesNotContain("NaN", "Infinity");
  }
}
