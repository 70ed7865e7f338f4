package dev.metarag.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedDataTest {
  private String saved;

  @BeforeEach
  void saveProperty() {
    saved = System.getProperty(SharedData.PROPERTY);
  }

  @AfterEach
  void restoreProperty() {
    if (saved == null) {
      System.clearProperty(SharedData.PROPERTY);
    } else {
      System.setProperty(SharedData.PROPERTY, saved);
    }
  }

  @Test
  void theSystemPropertyWinsWhenItNamesAFolder(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("xquad"));
    System.setProperty(SharedData.PROPERTY, dir.toString());

    assertThat(SharedData.locate()).contains(dir.toAbsolutePath().normalize());
    assertThat(SharedData.resolve("xquad")).isPresent();
    assertThat(SharedData.resolve("absent")).isEmpty();
    assertThat(SharedData.missingMessage("absent"))
        .startsWith("shared data 'absent' not found at " + dir.resolve("absent"))
        .endsWith(": skipping");
  }

  @Test
  void aPropertyNamingNothingFallsThroughToTheOtherLocations(@TempDir Path dir) {
    Path missing = dir.resolve("nowhere");
    System.setProperty(SharedData.PROPERTY, missing.toString());

    assertThat(SharedData.candidates()).first().isEqualTo(missing);
    assertThat(SharedData.locate().filter(missing::equals)).isEmpty();
    // The walk up from the working directory looks beside every parent.
    assertThat(SharedData.candidates())
        .contains(Path.of("").toAbsolutePath().resolveSibling("shared").resolve("data"));
  }
}
