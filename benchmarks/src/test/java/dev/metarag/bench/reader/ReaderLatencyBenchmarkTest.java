package dev.metarag.bench.reader;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./metarag bench-reader} with one timed run: both engines measured on the real reader and
 * the table written.
 */
class ReaderLatencyBenchmarkTest {
  @Test
  void bothEnginesAreTimedAndTheTableWritten(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("reader-latency.md");

    ReaderLatencyBenchmark.main(new String[] {"--runs", "1", "--out", out.toString()});

    String report = Files.readString(out);
    assertThat(report)
        .contains("# Reader latency", "1 timed runs after 5 warm-up runs")
        .containsPattern("\\| DJL \\(PyTorch\\) \\| \\d+ \\| \\d+ \\| -?\\d+ \\|")
        .containsPattern("\\| ONNX Runtime \\| \\d+ \\| \\d+ \\| -?\\d+ \\|")
        .containsPattern("ONNX Runtime is \\d+\\.\\d\\d times faster")
        .doesNotContain("NaN", "Infinity");
  }
}
