package dev.metarag.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {

  /** A minimal valid package written by hand: one file and its checksum in the manifest. */
  private static void writePackage(Path dir, String version) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("tokenizer.json"), "{}");
    String sum = ModelPackage.sha256(dir.resolve("tokenizer.json"));
    Files.writeString(
        dir.resolve("manifest.json"),
        "{\"name\": \"m\", \"version\": \""
            + version
            + "\", \"files\": {\"tokenizer.json\": \""
            + sum
            + "\"}}");
  }

  @Test
  void opensVersionsByNameAndListsThemWithoutStagingOrStateDirectories(@TempDir Path root)
      throws Exception {
    writePackage(root.resolve("v2"), "v2");
    writePackage(root.resolve("v10"), "v10");
    Files.createDirectories(root.resolve(".staging-v11-123"));
    Files.createDirectories(root.resolve("_domains"));
    ModelRegistry registry = new ModelRegistry(root);

    assertThat(registry.open("v2").version()).isEqualTo("v2");
    assertThat(registry.versions()).containsExactly("v10", "v2");
  }

  @Test
  void unknownAndUnsafeVersionsAreRejected(@TempDir Path root) {
    ModelRegistry registry = new ModelRegistry(root);

    assertThatThrownBy(() -> registry.open("v9")).hasMessageContaining("does not exist");
    assertThatThrownBy(() -> registry.open("../etc")).hasMessageContaining("invalid");
    assertThatThrownBy(() -> registry.open("")).hasMessageContaining("invalid");
  }
}
