package dev.metarag.bench.retriever;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.metarag.data.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./metarag bench-backends} on 10 MedQuAD passages: one retriever-service process with an
 * EMBEDDED and a SOLRCLOUD collection (a 2-node SolrCloud child JVM), both ingested and timed.
 * Skips without the shared data.
 */
class BackendComparisonIT {
  private static final Path REPO = Path.of(System.getProperty("metarag.repo.root", ".."));

  @Test
  void bothBackendsAreIngestedAndTimed(@TempDir Path dir) throws Exception {
    assumeTrue(SharedData.resolve("medquad").isPresent(), SharedData.missingMessage("medquad"));
    Path out = dir.resolve("retriever-backends.md");

    BackendComparison.main(
        new String[] {
          "--documents", "10",
          "--queries", "5",
          "--solr-heap", "512m",
          "--out", out.toString(),
          "--repo-root", REPO.toString()
        });

    String report = Files.readString(out);
    assertThat(report)
        .containsPattern("\\| embedded \\| 10 \\| [1-9]\\d* \\| \\d+ \\| \\d+\\.\\d \\|")
        .containsPattern("\\| solrcloud \\| 10 \\| [1-9]\\d* \\| \\d+ \\| \\d+\\.\\d \\|")
        .containsPattern("\\| HYBRID \\(vector given\\)( \\| \\d+\\.\\d\\d){6} \\|")
        .doesNotContain("NaN");
  }
}
