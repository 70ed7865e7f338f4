package dev.metarag.bench.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metarag.bench.common.Args;
import dev.metarag.testing.ServiceProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./metarag eval} on the gadgets fixture against the packaged retriever-service: it creates
 * and fills its collection, asks every question in each mode and prints a row of metrics per mode.
 */
class RetrievalEvaluationIT {
  private static final Path REPO = Path.of(System.getProperty("metarag.repo.root", ".."));

  @Test
  void ingestsTheFixtureAndPrintsARowPerMode(@TempDir Path dir) throws Exception {
    Path gadgets = REPO.resolve("libs/testing/fixtures/gadgets.json").toAbsolutePath();
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (ServiceProcess retriever =
        ServiceProcess.start(
            REPO.resolve("retriever-service"),
            List.of("metarag.retriever.data-dir=" + dir.resolve("data")),
            dir.resolve("retriever.log"))) {
      RetrievalEvaluation.run(
          new Args(new String[] {"--dataset", "squad:" + gadgets, "--target", retriever.target()}),
          new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    String table = printed.toString(StandardCharsets.UTF_8);
    assertThat(table).contains("gadgets: 2 documents, 10 queries");
    for (String mode : List.of("BM25", "DENSE", "HYBRID")) {
      // Two documents only: every gold document is within the top 5 in every mode.
      assertThat(table).containsPattern("\\| " + mode + " \\| [01]\\.\\d{3} \\| 1\\.000 \\|");
    }
  }
}
