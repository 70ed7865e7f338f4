package dev.metarag.bench.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metarag.bench.common.Args;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tiny preset end to end: the retriever, meta-trainer and adapter started as processes with the
 * tiny model (whose general reader is {@code base}: the preset names it); the invented fixture
 * domains gadgets and kitchen as sources and garden as a target, all given as {@code squad:<file>}
 * (no code knows them). Checks that every method x k x seed cell is in the JSON with one score per
 * held-out question, the protocol's choices, the Markdown's tables and the plots; then that a
 * second run of the same command measures nothing more (it resumes from the JSON). Never the
 * figures' values (the tiny model is random). Needs an adapter that implements AdaptRequest.trial
 * and example_scores.
 */
class TransferBenchmarkIT {
  private static final List<String> METHODS =
      List.of("zero-shot", "general+ft", "joint+ft", "fomaml+adapt", "anil+adapt");
  private static final Path REPO = Path.of(System.getProperty("metarag.repo.root", ".."));
  private static final Path OUT = Path.of("target/transfer-it/out");
  private static JsonNode results;
  private static JsonNode rerun;
  private static String markdown;

  @BeforeAll
  static void runTinyPresetTwice() throws Exception {
    // The services read files given by path from their data root only: the work folder here.
    Path work = Files.createDirectories(Path.of("target/transfer-it/work")).toAbsolutePath();
    Path fixtures = Files.createDirectories(work.resolve("fixtures"));
    for (String domain : List.of("gadgets", "kitchen", "garden")) {
      Files.copy(
          REPO.resolve("libs/testing/fixtures/" + domain + ".json"),
          fixtures.resolve(domain + ".json"),
          StandardCopyOption.REPLACE_EXISTING);
    }
    Files.deleteIfExists(OUT.resolve("transfer-tiny.json"));
    String[] argv = {
      "--preset",
      "tiny",
      "--targets",
      "squad:" + fixtures.resolve("garden.json"),
      "--sources",
      "squad:" + fixtures.resolve("gadgets.json") + ",squad:" + fixtures.resolve("kitchen.json"),
      "--out-dir",
      OUT.toString(),
      "--work-dir",
      work.toString(),
      "--repo-root",
      REPO.toString(),
      "--resamples",
      "500"
    };
    Path json = run(argv);
    results = new ObjectMapper().readTree(json.toFile());
    markdown = Files.readString(OUT.resolve("transfer-tiny.md"));
    rerun = new ObjectMapper().readTree(run(argv).toFile());
  }

  private static Path run(String[] argv) throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Path json =
        TransferBenchmark.run(
            new Args(argv), new PrintStream(printed, true, StandardCharsets.UTF_8));
    System.out.println(printed.toString(StandardCharsets.UTF_8));
    return json;
  }

  @Test
  void everyMethodKAndSeedHasOneCellWithAScorePerHeldOutQuestion() {
    assertThat(results.get("general").asText()).isEqualTo("base");
    assertThat(results.get("targets")).hasSize(1);
    JsonNode target = results.get("targets").get(0);
    assertThat(target.get("target").asText()).isEqualTo("garden");
    assertThat(target.get("sources").toString()).contains("gadgets", "kitchen");
    assertThat(target.get("heldOut")).hasSize(4);
    Set<String> seen = new HashSet<>();
    for (JsonNode c : target.get("cells")) {
      String method = c.get("method").asText();
      assertThat(METHODS).contains(method);
      assertThat(seen.add(method + "/" + c.get("k").asInt() + "/" + c.get("seed").asLong()))
          .as("one cell per method, k and seed")
          .isTrue();
      JsonNode scores = c.get("scores");
      assertThat(scores.get("f1")).hasSize(4);
      assertThat(scores.get("exactMatch")).hasSize(4);
      for (int q = 0; q < 4; q++) {
        double em = scores.get("exactMatch").get(q).asDouble();
        assertThat(scores.get("f1").get(q).asDouble())
            .isBetween(0.0, 1.0)
            .isGreaterThanOrEqualTo(em);
      }
      assertThat(scores.get("recallAt5").asDouble()).isBetween(0.0, 1.0);
      if (!method.equals("zero-shot") && c.get("supportUsed").asInt() > 0) {
        assertThat(c.get("supportUsed").asInt()).isBetween(1, c.get("k").asInt());
        assertThat(List.of(0.01, 0.1)).contains(c.get("learningRate").asDouble());
        assertThat(c.get("steps").asInt()).isEqualTo(2);
        assertThat(c.get("oneStep").get("f1")).hasSize(4);
        assertThat(c.get("adaptSeconds").asDouble()).isPositive();
        assertThat(c.get("selectionSeconds").asDouble()).isPositive();
      }
    }
    assertThat(seen).hasSize(METHODS.size() * 2 * 2);
  }

  @Test
  void jointAndEachMetaLearnerTrainedFromTheGeneralReader() {
    JsonNode jobs = results.get("targets").get(0).get("jobs");
    assertThat(jobs).hasSize(3);
    Set<String> theta0s = new HashSet<>();
    for (JsonNode j : jobs) {
      assertThat(j.get("steps").asLong()).isEqualTo(2);
      assertThat(theta0s.add(j.get("theta0").asText())).isTrue();
    }
    assertThat(jobs.findValuesAsText("algorithm")).containsExactly("JOINT", "FOMAML", "ANIL");
  }

  @Test
  void aSecondRunResumesFromTheResultsAndMeasuresNothingMore() {
    JsonNode runs = rerun.get("runs");
    assertThat(runs).hasSize(2);
    assertThat(runs.get(1).get("cellsAdded").asInt()).isZero();
    assertThat(rerun.get("targets").get(0).get("cells"))
        .hasSize(results.get("targets").get(0).get("cells").size());
    assertThat(rerun.get("targets").get(0).get("jobs").toString())
        .isEqualTo(results.get("targets").get(0).get("jobs").toString());
  }

  @Test
  void markdownHasARowPerMethodAndKAndAVerdictPerComparison() {
    for (String method : METHODS) {
      for (int k : List.of(2, 4)) {
        assertThat(markdown)
            .containsPattern(
                "\\| "
                    + java.util.regex.Pattern.quote(method)
                    + " \\| "
                    + k
                    + " \\| 2 \\| [0-9.]+ ± [0-9.]+ \\| [0-9.]+ ± [0-9.]+ \\|");
      }
    }
    assertThat(markdown)
        .containsPattern(
            "\\| [24] \\| fomaml\\+adapt \\| (general|joint)\\+ft \\| 2 \\| 4 \\| .*\\|"
                + " (better|worse|no difference detected) \\|");
    assertThat(markdown).contains(results.get("machine").asText());
  }

  @Test
  void plotsAreImagesWithSomethingDrawn() throws Exception {
    for (String name : List.of("transfer-tiny-f1.png", "transfer-tiny-adapt-time.png")) {
      BufferedImage image = ImageIO.read(OUT.resolve(name).toFile());
      assertThat(image).as(name).isNotNull();
      assertThat(image.getWidth()).isGreaterThan(300);
      Set<Integer> colours = new HashSet<>();
      for (int x = 0; x < image.getWidth(); x += 3) {
        for (int y = 0; y < image.getHeight(); y += 3) {
          colours.add(image.getRGB(x, y));
        }
      }
      assertThat(colours.size()).as("colours in " + name).isGreaterThan(5);
    }
  }
}
