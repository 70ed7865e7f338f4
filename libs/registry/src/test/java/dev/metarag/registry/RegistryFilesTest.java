package dev.metarag.registry;

import static dev.metarag.registry.TestPackages.adapt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metarag.inference.model.ModelPackage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryFilesTest {
  @TempDir Path root;

  @Test
  void aMissingStateFileIsAnEmptyState() throws Exception {
    VersionRegistry registry = new VersionRegistry(root);
    String v1 = adapt(registry, "law");
    Files.delete(root.resolve("_domains/law.json"));

    assertThat(registry.activeVersion("law")).isEmpty();
    assertThat(registry.promotionHistory("law")).isEmpty();
    assertThat(registry.get("law", v1).active()).isFalse();
  }

  @Test
  void anUnparsableStateFileIsReportedByName() throws Exception {
    VersionRegistry registry = new VersionRegistry(root);
    adapt(registry, "law");
    Path state = root.resolve("_domains/law.json");
    Files.writeString(state, "{\"active_version\": ");

    assertThatThrownBy(() -> registry.activeVersion("law"))
        .isInstanceOfSatisfying(
            CorruptRegistryException.class, e -> assertThat(e.file()).isEqualTo(state))
        .hasMessageContaining(state.toString())
        .hasMessageContaining("not a valid domain state");
    assertThatThrownBy(() -> registry.promote("law", "law-v1", SwapHook.NONE))
        .isInstanceOf(CorruptRegistryException.class);
  }

  @Test
  void aStateFileOfTheWrongShapeIsReportedByName() throws Exception {
    VersionRegistry registry = new VersionRegistry(root);
    Path state = root.resolve("_domains/law.json");
    Files.createDirectories(state.getParent());
    Files.writeString(state, "{\"history\": \"law-v1\", \"last_number\": \"many\"}");

    assertThatThrownBy(() -> registry.reserveAdaptedVersion("law"))
        .isInstanceOf(CorruptRegistryException.class)
        .hasMessageContaining(state.toString());
  }

  @Test
  void theStateFileIsReadableJsonWithTheDocumentedFields() throws Exception {
    VersionRegistry registry = new VersionRegistry(root, new SettableClock(5_000));
    String v1 = adapt(registry, "law");
    String v2 = adapt(registry, "law");
    registry.promote("law", v1, SwapHook.NONE);
    registry.promote("law", v2, SwapHook.NONE);

    JsonNode state = TestPackages.JSON.readTree(root.resolve("_domains/law.json").toFile());

    assertThat(state.path("active_version").asText()).isEqualTo(v2);
    assertThat(state.path("history").get(0).asText()).isEqualTo(v1);
    assertThat(state.path("activated_at_millis").path(v1).asLong()).isEqualTo(5_000);
    assertThat(state.path("last_number").asLong()).isEqualTo(2);
  }

  @Test
  void anUnparsableManifestIsReportedByName() throws Exception {
    VersionRegistry registry = new VersionRegistry(root);
    String v1 = adapt(registry, "law");
    Path manifest = registry.path(v1).resolve(ModelPackage.MANIFEST);
    Files.writeString(manifest, "not json");

    assertThatThrownBy(() -> registry.list("law"))
        .isInstanceOfSatisfying(
            CorruptRegistryException.class, e -> assertThat(e.file()).isEqualTo(manifest))
        .hasMessageContaining("is not valid JSON");
  }

  @Test
  void aPackageCopiedUnderAnotherVersionIsReportedInsteadOfMisread() throws Exception {
    VersionRegistry registry = new VersionRegistry(root);
    String v1 = adapt(registry, "law");
    Path copy = registry.path("law-v2");
    Files.createDirectories(copy);
    Files.copy(
        registry.path(v1).resolve(ModelPackage.MANIFEST), copy.resolve(ModelPackage.MANIFEST));

    assertThatThrownBy(() -> registry.find("law-v2"))
        .isInstanceOf(CorruptRegistryException.class)
        .hasMessageContaining("registers version 'law-v1'");
  }
}
