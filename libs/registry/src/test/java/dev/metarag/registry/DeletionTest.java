package dev.metarag.registry;

import static dev.metarag.registry.TestPackages.adapt;
import static dev.metarag.registry.TestPackages.metaTrain;
import static dev.metarag.registry.TestPackages.trainGeneral;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeletionTest {
  @TempDir Path root;

  @Test
  void deletingRemovesThePackageAndReportsTheBytesFreed() throws Exception {
    VersionRegistry registry = new VersionRegistry(root);
    String v1 = adapt(registry, "law");
    long size = TestPackages.sizeOf(registry.path(v1));

    DeleteResult result = registry.delete("law", v1, v -> false);

    assertThat(result.bytesFreed()).isEqualTo(size);
    assertThat(result.deleted().version()).isEqualTo(v1);
    assertThat(registry.find(v1)).isEmpty();
    try (Stream<Path> left = Files.list(root)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly("_domains");
    }
  }

  @Test
  void aDeletedVersionLeavesThePromotionHistory() {
    VersionRegistry registry = new VersionRegistry(root);
    String v1 = adapt(registry, "law");
    String v2 = adapt(registry, "law");
    String v3 = adapt(registry, "law");
    for (String v : new String[] {v1, v2, v3}) {
      registry.promote("law", v, SwapHook.NONE);
    }

    registry.delete("law", v2, v -> false);

    assertThat(new VersionRegistry(root).promotionHistory("law")).containsExactly(v1);
  }

  @Test
  void theActiveVersionBaseAndVersionsInUseAreKept() {
    VersionRegistry registry = new VersionRegistry(root);
    String active = adapt(registry, "law");
    String inUse = adapt(registry, "law");
    registry.promote("law", active, SwapHook.NONE);

    assertFailedPrecondition(
        () -> registry.delete("law", active, v -> false), "active version of domain 'law'");
    assertFailedPrecondition(() -> registry.delete("", "base", v -> false), "base model");
    assertFailedPrecondition(
        () -> registry.delete("law", inUse, inUse::equals), "'" + inUse + "' is in use");
    assertThat(registry.find(active)).isPresent();
    assertThat(registry.find(inUse)).isPresent();
  }

  @Test
  void unknownVersionsAndThoseOfOtherDomainsAreNotFound() {
    VersionRegistry registry = new VersionRegistry(root);
    String law = adapt(registry, "law");
    String theta0 = metaTrain(registry);

    for (Runnable delete :
        new Runnable[] {
          () -> registry.delete("law", "law-v9", v -> false),
          () -> registry.delete("medical", law, v -> false),
          () -> registry.delete("law", theta0, v -> false)
        }) {
      assertThatThrownBy(delete::run)
          .isInstanceOfSatisfying(
              RegistryException.class,
              e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.NOT_FOUND));
    }
    assertThat(registry.find(law)).isPresent();
    assertThat(registry.find(theta0)).isPresent();
  }

  @Test
  void aTheta0IsDeletedFromTheNoDomain() {
    VersionRegistry registry = new VersionRegistry(root);
    String theta0 = metaTrain(registry);

    registry.delete("", theta0, v -> false);

    assertThat(registry.newestTheta0()).isEmpty();
  }

  @Test
  void aGeneralVersionIsDeletedFromTheNoDomainUnlessInUse() {
    VersionRegistry registry = new VersionRegistry(root);
    String older = trainGeneral(registry);
    String newer = trainGeneral(registry);

    assertFailedPrecondition(
        () -> registry.delete("", newer, newer::equals), "'" + newer + "' is in use");
    assertThatThrownBy(() -> registry.delete("law", newer, v -> false))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.NOT_FOUND));
    assertThat(registry.newestGeneral()).map(RegisteredVersion::version).hasValue(newer);

    DeleteResult result = registry.delete("", newer, v -> false);

    assertThat(result.deleted().kind()).isEqualTo(VersionKind.GENERAL);
    assertThat(result.bytesFreed()).isPositive();
    assertThat(registry.find(newer)).isEmpty();
    assertThat(registry.newestGeneral()).map(RegisteredVersion::version).hasValue(older);
  }

  @Test
  void aDeletionACrashInterruptedIsFinishedByTheNextOne() throws Exception {
    VersionRegistry registry = new VersionRegistry(root);
    String v1 = adapt(registry, "law");
    String v2 = adapt(registry, "law");
    Files.move(registry.path(v1), root.resolve(".deleting-" + v1 + "-1")); // crashed after rename

    registry.delete("law", v2, v -> false);

    try (Stream<Path> left = Files.list(root)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly("_domains");
    }
  }

  private static void assertFailedPrecondition(Runnable call, String message) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.FAILED_PRECONDITION))
        .hasMessageContaining(message);
  }
}
