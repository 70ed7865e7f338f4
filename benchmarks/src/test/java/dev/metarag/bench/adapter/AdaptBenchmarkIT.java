package dev.metarag.bench.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./metarag bench-adapt} on the kitchen fixture with the tiny base model: the retriever and
 * the adapter started as processes, one ANIL adaptation from two support questions, timed and
 * written as a cold row.
 */
class AdaptBenchmarkIT {
  private static final Path REPO = Path.of(System.getProperty("metarag.repo.root", ".."));

  @Test
  void adaptsOnceAndWritesItsRow(@TempDir Path dir) throws Exception {
    Path kitchen = REPO.resolve("libs/testing/fixtures/kitchen.json").toAbsolutePath();
    Path out = dir.resolve("adapter-adapt.md");

    AdaptBenchmark.main(
        new String[] {
          "--dataset", "squad:" + kitchen,
          "--support", "2",
          "--evaluation", "2",
          "--modes", "ANIL",
          "--runs", "1",
          "--base-model", "tiny",
          "--out", out.toString(),
          "--repo-root", REPO.toString()
        });

    String report = Files.readString(out);
    assertThat(report)
        .contains("2 contexts ingested", "tiny random BERT")
        .containsPattern("\\| ANIL \\| cold \\| [12] of 2 \\| \\d+\\.\\d \\|")
        .doesNotContain("NaN");
  }
}
