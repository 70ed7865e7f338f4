package dev.metarag.generator.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metarag.inference.model.ModelPackageWriter;
import dev.metarag.registry.VersionKind;
import dev.metarag.registry.VersionRegistry;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which model a domain without an active version serves. */
class VersionChooserTest {
  @TempDir Path root;

  @Test
  void withoutATheta0TheDefaultIsBase() {
    VersionChooser chooser = new VersionChooser(new VersionRegistry(root));

    assertThat(chooser.served("law").version()).isEqualTo("base");
    assertThat(chooser.served("law").kind()).isEqualTo(VersionKind.BASE);
  }

  @Test
  void theNewestTheta0IsTheDefaultUnlessAnotherIsConfigured() throws Exception {
    VersionRegistry registry = new VersionRegistry(root);
    String older = theta0(registry);
    String newer = theta0(registry);

    assertThat(new VersionChooser(registry).defaultModel().version()).isEqualTo(newer);
    assertThat(new VersionChooser(registry, Optional.of(older)).defaultModel().version())
        .isEqualTo(older);
    Choice base = new VersionChooser(registry, Optional.of("base")).defaultModel();
    assertThat(base.version()).isEqualTo("base");
    assertThat(base.kind()).isEqualTo(VersionKind.BASE);
  }

  @Test
  void aGeneralVersionReplacesBaseAsTheDefaultButNotATheta0() throws Exception {
    VersionRegistry registry = new VersionRegistry(root);
    register(registry, registry.reserveGeneralVersion(), VersionKind.GENERAL);
    String newestGeneral =
        register(registry, registry.reserveGeneralVersion(), VersionKind.GENERAL);

    Choice general = new VersionChooser(registry).served("law");
    assertThat(general.version()).isEqualTo(newestGeneral);
    assertThat(general.kind()).isEqualTo(VersionKind.GENERAL);
    assertThat(general.isDefault()).isTrue();
    // base stays available by name.
    assertThat(new VersionChooser(registry, Optional.of("base")).defaultModel().version())
        .isEqualTo("base");
    assertThat(new VersionChooser(registry).pinned("law", "base").kind())
        .isEqualTo(VersionKind.BASE);

    String theta0 = theta0(registry);
    assertThat(new VersionChooser(registry).defaultModel().version()).isEqualTo(theta0);
    assertThat(new VersionChooser(registry, Optional.of("general-1")).defaultModel().kind())
        .isEqualTo(VersionKind.GENERAL);
  }

  @Test
  void aConfiguredDefaultMissingFromTheRegistryFallsBackToTheNewestTheta0() throws Exception {
    VersionRegistry registry = new VersionRegistry(root);
    String theta0 = theta0(registry);

    assertThat(new VersionChooser(registry, Optional.of("theta0-99")).served("law").version())
        .isEqualTo(theta0);
  }

  private static String theta0(VersionRegistry registry) throws Exception {
    return register(registry, registry.reserveTheta0Version(), VersionKind.THETA0);
  }

  /** A package of no files with its registration: enough for choosing, not for loading. */
  private static String register(VersionRegistry registry, String version, VersionKind kind)
      throws Exception {
    ObjectNode manifest = JsonNodeFactory.instance.objectNode().put("name", version);
    manifest.set(
        "registration",
        VersionRegistry.registration(
            version,
            "",
            kind,
            "base",
            System.currentTimeMillis(),
            JsonNodeFactory.instance.objectNode()));
    ModelPackageWriter.write(registry.path(version), Map.of(), manifest);
    return version;
  }
}
