package dev.metarag.registry;

import static dev.metarag.registry.TestPackages.adapt;
import static dev.metarag.registry.TestPackages.metaTrain;
import static dev.metarag.registry.TestPackages.trainGeneral;
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
  void generalNumbersCountFromOneBesideTheta0sAndAreNeverReused() throws Exception {
    VersionRegistry registry = new VersionRegistry(root);
    metaTrain(registry);
    metaTrain(registry);

    assertThat(trainGeneral(registry)).isEqualTo("general-1");
    String second = trainGeneral(registry);
    registry.delete("", second, v -> false);
    new VersionRegistry(root).reserveGeneralVersion(); // general-3: its job then crashed

    assertThat(new VersionRegistry(root).reserveGeneralVersion()).isEqualTo("general-4");
    assertThat(registry.reserveTheta0Version()).isEqualTo("theta0-3");
    assertThat(
            TestPackages.JSON
                .readTree(root.resolve("_domains/_general.json").toFile())
                .path("last_number")
                .asLong())
        .isEqualTo(4);
  }

  @Test
  void generalNumberingContinuesAfterPackagesItsStateDoesNotKnow() throws Exception {
    VersionRegistry registry = new VersionRegistry(root);
    trainGeneral(registry);
    trainGeneral(registry);
    Files.delete(root.resolve("_domains/_general.json"));

    assertThat(registry.reserveGeneralVersion()).isEqualTo("general-3");
  }

  @Test
  void generalIdsHaveOneShape() {
    assertThat(VersionIds.general(12)).isEqualTo("general-12");
    assertThat(VersionIds.generalNumber("general-12")).isEqualTo(12);
    for (String notGeneral :
        new String[] {"general-0", "general-01", "general-v1", "general-", "theta0-1", "general"}) {
      assertThat(VersionIds.generalNumber(notGeneral)).as(notGeneral).isZero();
    }
  }

  @Test
  void aDomainCalledGeneralHasItsOwnVersionsWhichAreNoGeneralVersions() {
    VersionRegistry registry = new VersionRegistry(root);
    String general = trainGeneral(registry);
    String adapted = adapt(registry, "general");

    assertThat(adapted).isEqualTo("general-v1");
    assertThat(registry.list("general"))
        .extracting(RegisteredVersion::version)
        .containsExactly(adapted);
    assertThat(registry.list(""))
        .extracting(RegisteredVersion::version)
        .containsExactly(general, "base");
    assertThat(registry.reserveGeneralVersion()).isEqualTo("general-2");
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
    assertThat(
            VersionRegistry.registration("general-1", "", VersionKind.GENERAL, "base", 1, null)
                .path("kind")
                .asText())
        .isEqualTo("GENERAL");
    for (String[] idAndDomain :
        new String[][] {
          {"general-1", "law"}, {"theta0-1", ""}, {"general-01", ""}, {"law-v1", ""}
        }) {
      assertThatThrownBy(
              () ->
                  VersionRegistry.registration(
                      idAndDomain[0], idAndDomain[1], VersionKind.GENERAL, "base", 1, null))
          .as("%s of domain '%s'", idAndDomain[0], idAndDomain[1])
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("GENERAL versions general-<n>");
    }
    assertThatThrownBy(
            () ->
                VersionRegistry.registration("general-1", "", VersionKind.THETA0, "base", 1, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
