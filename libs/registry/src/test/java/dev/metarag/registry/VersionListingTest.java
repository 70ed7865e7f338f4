package dev.metarag.registry;

import static dev.metarag.registry.TestPackages.adapt;
import static dev.metarag.registry.TestPackages.metaTrain;
import static dev.metarag.registry.TestPackages.trainGeneral;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metarag.inference.model.ModelPackage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
  void theNoDomainListsTheta0sThenGeneralVersionsThenBaseEachNewestFirst() {
    VersionRegistry registry = new VersionRegistry(root);
    trainGeneral(registry);
    metaTrain(registry);
    trainGeneral(registry);
    metaTrain(registry);
    adapt(registry, "law");

    List<RegisteredVersion> listed = registry.list("");

    assertThat(versions(listed))
        .containsExactly("theta0-2", "theta0-1", "general-2", "general-1", "base");
    assertThat(listed)
        .extracting(RegisteredVersion::kind)
        .containsExactly(
            VersionKind.THETA0,
            VersionKind.THETA0,
            VersionKind.GENERAL,
            VersionKind.GENERAL,
            VersionKind.BASE);
    assertThat(listed.get(2).domain()).isEmpty();
    assertThat(listed.get(2).active()).isFalse();
    assertThat(registry.newestGeneral()).map(RegisteredVersion::version).hasValue("general-2");
    assertThat(registry.newestTheta0()).map(RegisteredVersion::version).hasValue("theta0-2");
  }

  @Test
  void theDefaultStartingPointIsTheNewestTheta0ElseTheNewestGeneralVersionElseBase() {
    VersionRegistry registry = new VersionRegistry(root);
    assertThat(registry.defaultStartingPoint().kind()).isEqualTo(VersionKind.BASE);
    assertThat(registry.newestGeneral()).isEmpty();

    trainGeneral(registry);
    String newestGeneral = trainGeneral(registry);
    assertThat(registry.defaultStartingPoint().version()).isEqualTo(newestGeneral);
    assertThat(registry.defaultStartingPoint().kind()).isEqualTo(VersionKind.GENERAL);

    String theta0 = metaTrain(registry);
    assertThat(registry.defaultStartingPoint().version()).isEqualTo(theta0);

    registry.delete("", theta0, v -> false);
    registry.delete("", newestGeneral, v -> false);
    assertThat(registry.defaultStartingPoint().version()).isEqualTo("general-1");
  }

  @Test
  void aGeneralVersionWhoseWriteIsUnfinishedIsNotTheNewest() throws Exception {
    VersionRegistry registry = new VersionRegistry(root);
    String done = trainGeneral(registry);
    String reserved = registry.reserveGeneralVersion();
    Files.createDirectories(registry.path(reserved)); // the job is still writing its package

    assertThat(registry.newestGeneral()).map(RegisteredVersion::version).hasValue(done);
    assertThat(versions(registry.list(""))).containsExactly(done, "base");
  }

  @Test
  void generalVersionsAreFoundInTheNoDomainOnly() {
    VersionRegistry registry = new VersionRegistry(root);
    String general = trainGeneral(registry);

    assertThat(registry.get("", general).kind()).isEqualTo(VersionKind.GENERAL);
    assertThat(registry.find(general)).map(RegisteredVersion::parentVersion).hasValue("base");
    assertThatThrownBy(() -> registry.get("law", general))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.NOT_FOUND))
        .hasMessageContaining("belongs to no domain (base, theta0 and general versions)");
  }

  @Test
  void noDomainPagesRunFromTheta0sThroughGeneralVersionsToBase() {
    VersionRegistry registry = new VersionRegistry(root);
    metaTrain(registry);
    metaTrain(registry);
    trainGeneral(registry);
    trainGeneral(registry);

    List<String> paged = new ArrayList<>();
    List<String> tokens = new ArrayList<>();
    String token = "";
    do {
      VersionPage page = registry.list("", 1, token);
      paged.addAll(versions(page.versions()));
      token = page.nextPageToken();
      tokens.add(token);
    } while (!token.isEmpty());

    assertThat(paged).isEqualTo(versions(registry.list("")));
    assertThat(tokens).containsExactly("theta0-2", "theta0-1", "general-2", "general-1", "");
  }

  @Test
  void noDomainPagesContinueAfterTheTokenWhenVersionsChangeInBetween() {
    VersionRegistry registry = new VersionRegistry(root);
    metaTrain(registry);
    metaTrain(registry);
    trainGeneral(registry);
    trainGeneral(registry);

    VersionPage first = registry.list("", 3, "");
    assertThat(versions(first.versions())).containsExactly("theta0-2", "theta0-1", "general-2");

    metaTrain(registry); // theta0-3 sorts before the token: not on a later page
    trainGeneral(registry); // general-3 too
    registry.delete("", "general-2", v -> false); // the token's own version may go
    VersionPage second = registry.list("", 3, first.nextPageToken());

    assertThat(versions(second.versions())).containsExactly("general-1", "base");
    assertThat(second.nextPageToken()).isEmpty();
    // A token of a theta0 deleted since still pages on: the rest of the theta0s, then the others.
    assertThat(versions(registry.list("", 10, "theta0-9").versions()))
        .containsExactly("theta0-3", "theta0-2", "theta0-1", "general-3", "general-1", "base");
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
    for (String wrongListing : new String[] {"law-v1", "general-0", "general-v1"}) {
      assertThatThrownBy(() -> registry.list("", 10, wrongListing))
          .isInstanceOfSatisfying(
              RegistryException.class,
              e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.INVALID))
          .hasMessageContaining("page token '" + wrongListing + "'");
    }
    assertThatThrownBy(() -> registry.list("law", 10, "general-1"))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("malformed for domain 'law'");
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
