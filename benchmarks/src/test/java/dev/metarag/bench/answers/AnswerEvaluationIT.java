package dev.metarag.bench.answers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metarag.bench.common.Args;
import dev.metarag.it.suite.Service;
import dev.metarag.it.suite.Suite;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code ./metarag eval-answers} on the invented garden fixture against a real retriever and
 * generator started as processes: it fills the collection once, answers through the generator and
 * writes one scored row per version.
 */
class AnswerEvaluationIT {
  private static final Path REPO = Path.of(System.getProperty("metarag.repo.root", ".."));

  @Test
  void fillsTheCollectionOnceAndScoresEveryVersion() throws Exception {
    // A fresh folder each run: a suite home left by an earlier run already holds the collection.
    Path work =
        Files.createTempDirectory(Files.createDirectories(Path.of("target")), "answers-it")
            .toAbsolutePath();
    Path garden = REPO.resolve("libs/testing/fixtures/garden.json").toAbsolutePath();
    Path out = work.resolve("answers.md");
    try (Suite suite =
        Suite.builder(REPO, work.resolve("suite"))
            .services(Service.RETRIEVER, Service.GENERATOR)
            .start()) {
      String[] argv = {
        "--datasets",
        "squad:" + garden,
        "--versions",
        "base",
        "--questions",
        "4",
        "--retriever",
        suite.target(Service.RETRIEVER),
        "--generator",
        suite.target(Service.GENERATOR),
        "--out",
        out.toString()
      };
      String first = run(argv);
      String second = run(argv);

      assertThat(first).contains("filling collection 'garden'");
      assertThat(second).doesNotContain("filling collection");
    }
    List<String> rows =
        Files.readAllLines(out).stream().filter(l -> l.startsWith("| squad:")).toList();
    assertThat(rows).hasSize(1);
    String[] cells = rows.getFirst().split("\\|");
    assertThat(cells[3].trim()).isEqualTo("base");
    assertThat(cells[4].trim()).isEqualTo("4");
    double goldRead = Double.parseDouble(cells[5].trim());
    double f1 = Double.parseDouble(cells[7].trim());
    assertThat(goldRead).isBetween(0.0, 1.0);
    assertThat(f1).isBetween(0.0, 100.0);
  }

  private static String run(String[] argv) throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    AnswerEvaluation.run(
        new Args(argv),
        String.join(" ", argv),
        new PrintStream(printed, true, StandardCharsets.UTF_8));
    return printed.toString(StandardCharsets.UTF_8);
  }
}
