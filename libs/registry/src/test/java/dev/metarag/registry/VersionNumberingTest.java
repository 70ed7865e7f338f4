package dev.metarag.registry;

import static dev.metarag.registry.TestPackages.adapt;
import static dev.metarag.registry.TestPackages.metaTrain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersionNumberingTest {
  @TempDir Path root;

  @Test
  void adaptedVersionsAreNumberedFromOnePerDomain() {
    VersionRegistry registry = new VersionRegistry(root);

    assertThat(registry.reserveAdaptedVersion("law")).isEqualTo("law-v1");
    assertThat(registry.reserveAdaptedVersion("law")).isEqualTo("law-v2");
    assertThat(registry.reserveAdaptedVersion("medical")).isEqualTo("medical-v1");
  }

  @Test
  void aNumberIsNeverHandedOutTwiceEvenAfterItsVersionIsDeleted() {
    VersionRegistry registry = new VersionRegistry(root);
    adapt(registry, "law");
    String newest = adapt(registry, "law");

    registry.delete("law", newest, v -> false);

    assertThat(registry.reserveAdaptedVersion("law")).isEqualTo("law-v3");
  }

  @Test
  void aReservationSurvivesARestartEvenWhenNoPackageWasWritten() {
    new VersionRegistry(root).reserveAdaptedVersion("law"); // the adaptation then crashed

    assertThat(new VersionRegistry(root).reserveAdaptedVersion("law")).isEqualTo("law-v2");
  }

  @Test
  void numberingContinuesAfterPackagesTheStateDoesNotKnow() throws Exception {
    VersionRegistry registry = new VersionRegistry(root);
    adapt(registry, "law");
    Files.delete(root.resolve("_domains/law.json")); // lost state: the packages still count

    assertThat(registry.reserveAdaptedVersion("law")).isEqualTo("law-v2");
  }

  @Test
  void aDomainWhoseNameLooksLikeAVersionIsNumberedOnItsOwn() {
    VersionRegistry registry = new VersionRegistry(root);
    adapt(registry, "law");
    adapt(registry, "law");

    assertThat(registry.reserveAdaptedVersion("law-v2")).isEqualTo("law-v2-v1");
    assertThat(registry.reserveAdaptedVersion("law")).isEqualTo("law-v3");
  }

  @Test
  void theta0NumbersFollowTheHighestAndAreNeverReused() {
    VersionRegistry registry = new VersionRegistry(root);
    assertThat(metaTrain(registry)).isEqualTo("theta0-1");
    String second = metaTrain(registry);

    registry.delete("", second, v -> false);

    assertThat(new VersionRegistry(root).reserveTheta0Version()).isEqualTo("theta0-3");
  }

  @Test
  void invalidDomainNamesAreRefusedWithTheRule() {
    VersionRegistry registry = new VersionRegistry(root);

    for (String bad : new String[] {"", "Law", "_domains", "-law", "a/b", "x".repeat(65)}) {
      assertThatThrownBy(() -> registry.reserveAdaptedVersion(bad))
          .isInstanceOfSatisfying(
              RegistryException.class,
              e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.INVALID))
          .hasMessageContaining("domain '" + bad + "' is invalid");
    }
  }

  @Test
  void registrationsMustFitTheirVersionIds() {
    assertThatThrownBy(
            () ->
                VersionRegistry.registration(
                    "law-v1", "medical", VersionKind.ADAPTED, "base", 1, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                VersionRegistry.registration(
                    "theta0-1", "law", VersionKind.THETA0, "base", 1, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> VersionRegistry.registration("base", "", VersionKind.BASE, "", 0, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
