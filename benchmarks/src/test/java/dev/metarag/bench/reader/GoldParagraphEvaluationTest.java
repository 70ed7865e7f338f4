package dev.metarag.bench.reader;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./metarag eval-reader} runs on base's served reader over a fixture SQuAD file and writes
 * both scorings.
 */
class GoldParagraphEvaluationTest {
  @Test
  void theBaseReaderIsScoredBothWaysAndTheTableWritten(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("reader.md");

    GoldParagraphEvaluation.main(
        new String[] {
          "--version",
          "base",
          "--questions",
          "4",
          "--squad",
          Path.of("../libs/testing/fixtures/gadgets.json").toString(),
          "--out",
          out.toString()
        });

    String report = Files.readString(out);
    assertThat(report)
        .contains("questions: 4 of gadgets.json", "| every answer |", "| as served: abstaining")
        .doesNotContain("NaN");
  }
}
