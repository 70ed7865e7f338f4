package dev.metarag.registry;

import static dev.metarag.registry.TestPackages.adapt;
import static dev.metarag.registry.TestPackages.metaTrain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metarag.inference.model.ModelPackage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersionListingTest {
  @TempDir Path root;

  @Test
  void aDomainListsOnlyItsOwnAdaptedVersionsNewestFirst() {
    VersionRegistry registry = new VersionRegistry(root);
    metaTrain(registry);
    for (int i = 0; i < 10; i++) {
      adapt(registry, "law");
    }
    adapt(registry, "medical");

    assertThat(versions(registry.list("law")))
        .containsExactly(
            "law-v10", "law-v9", "law-v8", "law-v7", "law-v6", "law-v5", "law-v4", "law-v3",
            "law-v2", "law-v1");
    assertThat(versions(registry.list("medical"))).containsExactly("medical-v1");
    assertThat(registry.list("unknown")).isEmpty();
  }

  @Test
  void theNoDomainListsTheta0sNewestFirstThenBase() {
    VersionRegistry registry = new VersionRegistry(root);
    metaTrain(registry);
    metaTrain(registry);
    adapt(registry, "law");

    List<RegisteredVersion> listed = registry.list("");

    assertThat(versions(listed)).containsExactly("theta0-2", "theta0-1", "base");
    assertThat(listed.get(2).kind()).isEqualTo(VersionKind.BASE);
    assertThat(listed.get(2).packageDir()).isNull();
    assertThat(registry.newestTheta0()).map(RegisteredVersion::version).hasValue("theta0-2");
  }

  @Test
  void withoutTheta0sThereIsNoNewestTheta0() {
    assertThat(new VersionRegistry(root).newestTheta0()).isEmpty();
  }

  @Test
  void pagesContinueAfterTheTokenEvenWhenVersionsChangeInBetween() {
    VersionRegistry registry = new VersionRegistry(root);
    for (int i = 0; i < 5; i++) {
      adapt(registry, "law");
    }

    VersionPage first = registry.list("law", 2, "");
    assertThat(versions(first.versions())).containsExactly("law-v5", "law-v4");
    assertThat(first.nextPageToken()).isEqualTo("law-v4");

    adapt(registry, "law"); // a newer version does not shift later pages
    registry.delete("law", "law-v3", v -> false);
    VersionPage second = registry.list("law", 2, first.nextPageToken());
    assertThat(versions(second.versions())).containsExactly("law-v2", "law-v1");
    assertThat(second.nextPageToken()).isEmpty();
  }

  @Test
  void theNoDomainPagesThroughBaseToo() {
    VersionRegistry registry = new VersionRegistry(root);
    metaTrain(registry);

    VersionPage first = registry.list("", 1, "");
    VersionPage second = registry.list("", 1, first.nextPageToken());

    assertThat(versions(first.versions())).containsExactly("theta0-1");
    assertThat(versions(second.versions())).containsExactly("base");
    assertThat(second.nextPageToken()).isEmpty();
  }

  @Test
  void aMalformedPageTokenOrSizeIsInvalid() {
    VersionRegistry registry = new VersionRegistry(root);

    assertThatThrownBy(() -> registry.list("law", 10, "medical-v1"))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.INVALID))
        .hasMessageContaining("page token 'medical-v1'");
    assertThatThrownBy(() -> registry.list("law", 0, ""))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("page size");
  }

  @Test
  void aVersionCarriesItsRegistrationChecksumsAndSizeFromItsManifest() {
    VersionRegistry registry = new VersionRegistry(root);
    String version = registry.reserveAdaptedVersion("law");
    Path dir =
        TestPackages.write(
            registry,
            version,
            "law",
            VersionKind.ADAPTED,
            "theta0-4",
            TestPackages.details("contracts"),
            4096);

    RegisteredVersion v = registry.get("law", version);

    assertThat(v.domain()).isEqualTo("law");
    assertThat(v.kind()).isEqualTo(VersionKind.ADAPTED);
    assertThat(v.parentVersion()).isEqualTo("theta0-4");
    assertThat(v.createdAtMillis()).isEqualTo(1_000L);
    assertThat(v.details().path("description").asText()).isEqualTo("contracts");
    assertThat(v.packageDir()).isEqualTo(dir);
    assertThat(v.checksums())
        .containsOnlyKeys(ModelPackage.QUERY_ENCODER, ModelPackage.TOKENIZER)
        .containsEntry(
            ModelPackage.QUERY_ENCODER,
            ModelPackage.sha256(dir.resolve(ModelPackage.QUERY_ENCODER)));
    assertThat(v.sizeBytes()).isEqualTo(TestPackages.sizeOf(dir)).isGreaterThan(4096);
    assertThat(v.active()).isFalse();
    assertThat(v.activatedAtMillis()).isZero();
  }

  @Test
  void aVersionOfAnotherDomainIsNotFoundAndTheMessageSaysWhereItIs() {
    VersionRegistry registry = new VersionRegistry(root);
    String law = adapt(registry, "law");
    String theta0 = metaTrain(registry);

    assertThatThrownBy(() -> registry.get("medical", law))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.NOT_FOUND))
        .hasMessageContaining("belongs to domain 'law', not to domain 'medical'");
    assertThatThrownBy(() -> registry.get("", law)).isInstanceOf(RegistryException.class);
    assertThatThrownBy(() -> registry.get("law", theta0)).isInstanceOf(RegistryException.class);
    assertThatThrownBy(() -> registry.get("law", "law-v9"))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.NOT_FOUND))
        .hasMessageContaining("'law-v9' does not exist in domain 'law'");
    assertThat(registry.get("", "base").kind()).isEqualTo(VersionKind.BASE);
    assertThat(registry.get("", theta0).kind()).isEqualTo(VersionKind.THETA0);
  }

  @Test
  void stagingStateAndUnregisteredDirectoriesAreNoVersions() throws Exception {
    VersionRegistry registry = new VersionRegistry(root);
    String law = adapt(registry, "law"); // also creates _domains/
    Files.createDirectories(root.resolve(".staging-law-v2-123"));
    TestPackages.writeWithManifest(root.resolve("law-v7"), TestPackages.JSON.createObjectNode(), 1);

    assertThat(versions(registry.list("law"))).containsExactly(law);
    assertThat(registry.find("law-v7")).isEmpty();
    assertThat(registry.find("_domains")).isEmpty();
    assertThat(registry.find("../law-v1")).isEmpty();
  }

  @Test
  void theta0sRegisteredBeforeRegistrationsExistedAreStillListed() {
    VersionRegistry registry = new VersionRegistry(root);
    ObjectNode manifest = TestPackages.JSON.createObjectNode();
    manifest.put("version", "theta0-1").put("kind", "THETA0");
    manifest.putObject("lineage").putArray("ancestors").add("base");
    TestPackages.writeWithManifest(root.resolve("theta0-1"), manifest, 8);

    RegisteredVersion legacy = registry.find("theta0-1").orElseThrow();

    assertThat(legacy.kind()).isEqualTo(VersionKind.THETA0);
    assertThat(legacy.parentVersion()).isEqualTo("base");
    assertThat(legacy.details().path("lineage").path("ancestors").get(0).asText())
        .isEqualTo("base");
    assertThat(registry.reserveTheta0Version()).isEqualTo("theta0-2");
  }

  @Test
  void aDomainIsKnownOnceItHasVersionsOrState() {
    VersionRegistry registry = new VersionRegistry(root);
    assertThat(registry.knowsDomain("law")).isFalse();

    registry.reserveAdaptedVersion("law");

    assertThat(registry.knowsDomain("law")).isTrue();
    assertThat(registry.knowsDomain("medical")).isFalse();
  }

  private static List<String> versions(List<RegisteredVersion> versions) {
    return versions.stream().map(RegisteredVersion::version).toList();
  }
}
