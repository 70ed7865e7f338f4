package dev.metarag.bench.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.metarag.data.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./metarag sanity-reader} on two PolicyQA questions, one step: trains, exports and scores
 * on ONNX Runtime, and writes the table. Skips without the shared data.
 */
class ReaderSanityRunTest {
  @Test
  void trainsExportsScoresAndWritesTheTable(@TempDir Path dir) throws Exception {
    assumeTrue(
        SharedData.resolve("policyqa/dev.json").isPresent()
            && SharedData.resolve("policyqa/test.json").isPresent(),
        SharedData.missingMessage("policyqa"));
    Path out = dir.resolve("reader-policyqa.md");

    ReaderSanityRun.main(
        new String[] {
          "--epochs", "1",
          "--batch", "2",
          "--limit", "2",
          "--test-limit", "2",
          "--out", out.toString()
        });

    String report = Files.readString(out);
    assertThat(report)
        .contains(
            "# Reader sanity run: PolicyQA", "PolicyQA dev, 2 questions", "test, 2 answerable")
        .containsPattern("\\| \\d+\\.\\d \\| \\d+\\.\\d \\| \\d+ s \\| \\d+ s \\|")
        .doesNotContain("NaN");
  }
}
