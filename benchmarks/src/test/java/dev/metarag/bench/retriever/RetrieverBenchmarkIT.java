package dev.metarag.bench.retriever;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.metarag.data.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./metarag bench-retriever} on 10 MedQuAD passages against the packaged retriever-service:
 * it creates its collection, ingests, and writes every table with a row per case. Skips without the
 * shared data.
 */
class RetrieverBenchmarkIT {
  private static final Path REPO = Path.of(System.getProperty("metarag.repo.root", ".."));

  @Test
  void ingestsMeasuresEveryCaseAndWritesEveryTable(@TempDir Path dir) throws Exception {
    assumeTrue(SharedData.resolve("medquad").isPresent(), SharedData.missingMessage("medquad"));
    Path out = dir.resolve("retriever-medquad.md");

    RetrieverBenchmark.main(
        new String[] {
          "--documents", "10",
          "--queries", "5",
          "--seconds", "1",
          "--out", out.toString(),
          "--repo-root", REPO.toString()
        });

    String report = Files.readString(out);
    assertThat(report)
        .contains(
            "## Ingest over gRPC", "## Throughput over gRPC", "## The same searches in-process")
        .containsPattern("\\| 10 \\| [1-9]\\d* \\| \\d+ \\| \\d+\\.\\d \\|")
        .doesNotContain("NaN", "Infinity");
    for (String c : List.of("BM25", "DENSE (vector given)", "HYBRID (vector given)")) {
      // One row each in the gRPC latency, throughput and in-process tables.
      assertThat(report.lines().filter(l -> l.startsWith("| " + c + " |"))).hasSize(3);
    }
  }
}
