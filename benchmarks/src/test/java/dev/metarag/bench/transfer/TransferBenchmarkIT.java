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
 * tiny model; the invented fixture domains gadgets and kitchen as sources given by file, and garden
 * as a target given by file (no code knows it). Checks that every method x k x seed cell is in the
 * JSON, the Markdown and the plots, and that the figures are sane, never their values.
 */
class TransferBenchmarkIT {
  private static final List<String> METHODS =
      List.of("zero-shot", "joint+ft", "fomaml+adapt", "anil+adapt");
  private static final Path REPO = Path.of(System.getProperty("metarag.repo.root", ".."));
  private static final Path OUT = Path.of("target/transfer-it/out");
  private static JsonNode results;
  private static String markdown;

  @BeforeAll
  static void runTinyPreset() throws Exception {
    // The services read files given by path from their data root only: the work folder here.
    Path work = Files.createDirectories(Path.of("target/transfer-it/work")).toAbsolutePath();
    Path fixtures = Files.createDirectories(work.resolve("fixtures"));
    for (String domain : List.of("gadgets", "kitchen", "garden")) {
      Files.copy(
          REPO.resolve("libs/testing/fixtures/" + domain + ".json"),
          fixtures.resolve(domain + ".json"),
          StandardCopyOption.REPLACE_EXISTING);
    }
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Path json =
        TransferBenchmark.run(
            new Args(
                new String[] {
                  "--preset",
                  "tiny",
                  "--target-file",
                  fixtures.resolve("garden.json").toString(),
                  "--source-files",
                  fixtures.resolve("gadgets.json") + "," + fixtures.resolve("kitchen.json"),
                  "--out-dir",
                  OUT.toString(),
                  "--work-dir",
                  work.toString(),
                  "--repo-root",
                  REPO.toString()
                }),
            new PrintStream(printed, true, StandardCharsets.UTF_8));
    System.out.println(printed.toString(StandardCharsets.UTF_8));
    results = new ObjectMapper().readTree(json.toFile());
    markdown = Files.readString(OUT.resolve("transfer-tiny.md"));
  }

  @Test
  void everyMethodKAndSeedHasOneCellWithSaneFigures() {
    JsonNode target = results.get("targets").get(0);
    assertThat(results.get("targets")).hasSize(1);
    assertThat(target.get("target").asText()).isEqualTo("garden");
    assertThat(target.get("sources").toString()).contains("gadgets", "kitchen");
    Set<String> seen = new HashSet<>();
    for (JsonNode c : target.get("cells")) {
      String method = c.get("method").asText();
      assertThat(METHODS).contains(method);
      assertThat(seen.add(method + "/" + c.get("k").asInt() + "/" + c.get("seed").asLong()))
          .as("one cell per method, k and seed")
          .isTrue();
      double em = c.get("exactMatch").asDouble();
      double f1 = c.get("f1").asDouble();
      assertThat(em).isBetween(0.0, 1.0);
      assertThat(f1).isBetween(0.0, 1.0).isGreaterThanOrEqualTo(em);
      assertThat(c.get("recallAt5").asDouble()).isBetween(0.0, 1.0);
      assertThat(c.get("evaluated").asInt()).isEqualTo(4);
      if (!method.equals("zero-shot")) {
        assertThat(c.get("supportUsed").asInt()).isBetween(1, c.get("k").asInt());
        assertThat(c.get("adaptSeconds").asDouble()).isPositive();
        assertThat(c.get("callSeconds").asDouble())
            .isGreaterThanOrEqualTo(c.get("adaptSeconds").asDouble());
      }
      if (method.equals("joint+ft")) {
        assertThat(List.of(0.01, 0.1)).contains(c.get("learningRate").asDouble());
        assertThat(c.get("selectionSeconds").asDouble()).isPositive();
      }
    }
    assertThat(seen).hasSize(METHODS.size() * 2 * 2);
  }

  @Test
  void jointAndEachMetaLearnerTrainedOnTheSourcesWithTheirOwnTheta0() {
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
  void markdownHasARowPerMethodAndKAndSaysWhetherMetaLearningBeatJointTraining() {
    for (String method : METHODS) {
      for (int k : List.of(2, 4)) {
        assertThat(markdown)
            .containsPattern(
                "\\| "
                    + java.util.regex.Pattern.quote(method)
                    + " \\| "
                    + k
                    + " \\| [0-9.]+ ± [0-9.]+ \\| [0-9.]+ ± [0-9.]+ \\|");
      }
    }
    assertThat(markdown).containsPattern("\\*\\*Meta-learning (beat|did NOT beat) joint");
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
