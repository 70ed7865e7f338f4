package dev.metarag.bench.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./metarag bench-answer} on the garden fixture: the retriever and the generator started as
 * processes, one warm-up and two measured answers, the reader alone beside them, and the table
 * written with every stage.
 */
class AnswerBenchmarkIT {
  private static final Path REPO = Path.of(System.getProperty("metarag.repo.root", ".."));

  @Test
  void answersAndWritesEveryStage(@TempDir Path dir) throws Exception {
    Path garden = REPO.resolve("libs/testing/fixtures/garden.json").toAbsolutePath();
    Path out = dir.resolve("generator-answer.md");

    AnswerBenchmark.main(
        new String[] {
          "--dataset",
          "squad:" + garden,
          "--questions",
          "2",
          "--warmup",
          "1",
          "--out",
          out.toString(),
          "--repo-root",
          REPO.toString()
        });

    String report = Files.readString(out);
    assertThat(report).contains("2 contexts ingested", "questions: 2 measured after 1 warm-up");
    for (String stage : new String[] {"retrieve", "read", "total", "client wall time"}) {
      assertThat(report).containsPattern("\\| " + stage + " \\| \\d+\\.\\d \\| \\d+\\.\\d \\|");
    }
    assertThat(report)
        .containsPattern("Total p50 / reader-alone p50 = \\d+\\.\\d\\d")
        .doesNotContain("NaN");
  }
}
