package dev.metarag.it.story;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metarag.it.suite.Service;
import dev.metarag.it.suite.Suite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./metarag pretrain} with the tiny base model against the retriever and the meta-trainer
 * started as processes, on shared data whose SQuAD files are the gadgets (train) and kitchen (dev)
 * fixtures: it fills both collections, trains the general reader to the end, draws its learning
 * curve and registers {@code general-1}.
 */
class PretrainIT {
  private static final Path REPO =
      Path.of(System.getProperty("metarag.repo.root", "..")).toAbsolutePath().normalize();

  @Test
  void trainsTheGeneralReaderOnFixturesAndRegistersIt(@TempDir Path dir) throws Exception {
    Path squad = Files.createDirectories(dir.resolve("shared/squad"));
    copyFixture("gadgets", squad.resolve("train-v1.1.json"));
    copyFixture("kitchen", squad.resolve("dev-v1.1.json"));
    Path home = dir.resolve("home");
    Path curve = dir.resolve("general-reader-curve.md");
    int status;
    try (Suite suite =
        Suite.builder(REPO, home)
            .services(Service.RETRIEVER, Service.META_TRAINER)
            .sharedData(dir.resolve("shared"))
            .property(Service.META_TRAINER, "metarag.trainer.base-model=tiny")
            .logs(Files.createDirectories(Path.of("target/it-logs/pretrain")).toAbsolutePath())
            .start()) {
      status =
          Pretrain.execute(
              new String[] {
                "--questions", "4",
                "--batch", "2",
                "--eval-questions", "2",
                "--evaluate-every", "1",
                "--threads", "1",
                "--retriever", suite.target(Service.RETRIEVER),
                "--meta-trainer", suite.target(Service.META_TRAINER),
                "--squad-dir", squad.toString(),
                "--out", curve.toString()
              });
    }

    assertThat(status).isZero();
    assertThat(home.resolve("models/general-1/manifest.json")).isRegularFile();
    assertThat(Files.readString(curve))
        .contains("# General reader: learning curve")
        .containsPattern("\\| 1 \\| 2 \\| \\d+\\.\\d \\| [^|]+ \\| \\d+\\.\\d \\| \\d+\\.\\d \\|");
  }

  private static void copyFixture(String name, Path to) throws Exception {
    Files.copy(
        REPO.resolve("libs/testing/fixtures/" + name + ".json"),
        to,
        StandardCopyOption.REPLACE_EXISTING);
  }
}
