package dev.metarag.bench.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.metarag.data.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./metarag bench-meta} as the driver runs it: FOMAML measured in a child JVM on the tiny
 * model over two SubjQA domains, two meta-steps of one task, and its row written. Skips without the
 * shared data.
 */
class MetaStepBenchmarkTest {
  @Test
  void theDriverMeasuresAnAlgorithmInAChildJvmAndWritesItsRow(@TempDir Path dir) throws Exception {
    assumeTrue(SharedData.resolve("subjqa").isPresent(), SharedData.missingMessage("subjqa"));
    Path out = dir.resolve("meta-step.md");

    MetaStepBenchmark.main(
        new String[] {
          "--algorithms", "FOMAML",
          "--model", "tiny",
          "--domains", "electronics,grocery",
          "--questions", "4",
          "--top-k", "2",
          "--meta-batch", "1",
          "--support", "1",
          "--query", "1",
          "--steps", "2",
          "--out", out.toString()
        });

    String report = Files.readString(out);
    assertThat(report)
        .contains("model: tiny", "{\"algorithm\":\"FOMAML\"")
        .containsPattern("\\| FOMAML \\| 2 \\| \\d+\\.\\d \\| \\d+\\.\\d\\d \\|");
  }
}
