package dev.metarag.registry;

import static dev.metarag.registry.TestPackages.adapt;
import static dev.metarag.registry.TestPackages.metaTrain;
import static dev.metarag.registry.TestPackages.trainGeneral;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromotionTest {
  @TempDir Path root;
  private final SettableClock clock = new SettableClock(10_000);
  private VersionRegistry registry;

  /** What each hook call was asked to swap to ("default" for the default model). */
  private final List<String> swaps = new ArrayList<>();

  private final SwapHook recordSwap =
      next -> swaps.add(next.map(RegisteredVersion::version).orElse("default"));

  @BeforeEach
  void openRegistry() {
    registry = new VersionRegistry(root, clock);
  }

  @Test
  void promotingMakesTheVersionActiveAfterTheSwap() {
    String v1 = adapt(registry, "law");

    PromoteResult result = registry.promote("law", v1, recordSwap);

    assertThat(swaps).containsExactly(v1);
    assertThat(result.changed()).isTrue();
    assertThat(result.previous()).isEmpty();
    assertThat(result.active().version()).isEqualTo(v1);
    assertThat(result.active().active()).isTrue();
    assertThat(result.active().activatedAtMillis()).isEqualTo(10_000);
    assertThat(registry.activeVersion("law")).hasValue(v1);
    assertThat(registry.get("law", v1).active()).isTrue();
  }

  @Test
  void theHookSeesTheVersionItIsToServe() {
    String v1 = adapt(registry, "law");
    List<RegisteredVersion> seen = new ArrayList<>();

    registry.promote("law", v1, next -> seen.add(next.orElseThrow()));

    assertThat(seen.get(0).packageDir()).isEqualTo(registry.path(v1));
    assertThat(seen.get(0).active()).isTrue();
  }

  @Test
  void promotingTheActiveVersionChangesNothingAndSwapsNothing() {
    String v1 = adapt(registry, "law");
    registry.promote("law", v1, recordSwap);
    clock.set(20_000);

    PromoteResult again = registry.promote("law", v1, recordSwap);

    assertThat(swaps).containsExactly(v1);
    assertThat(again.changed()).isFalse();
    assertThat(again.active().activatedAtMillis()).isEqualTo(10_000);
    assertThat(registry.promotionHistory("law")).isEmpty();
  }

  @Test
  void rollbacksWalkBackThroughThePromotionsToTheDefaultModel() {
    String v1 = adapt(registry, "law");
    String v2 = adapt(registry, "law");
    String v3 = adapt(registry, "law");
    registry.promote("law", v1, recordSwap);
    registry.promote("law", v2, recordSwap);
    assertThat(registry.promote("law", v3, recordSwap).previous()).hasValue(v2);
    assertThat(registry.promotionHistory("law")).containsExactly(v1, v2);

    RollbackResult first = registry.rollback("law", recordSwap);
    assertThat(first.rolledBack()).isEqualTo(v3);
    assertThat(first.active()).map(RegisteredVersion::version).hasValue(v2);
    assertThat(registry.rollback("law", recordSwap).active())
        .map(RegisteredVersion::version)
        .hasValue(v1);
    RollbackResult last = registry.rollback("law", recordSwap);

    assertThat(last.servingDefault()).isTrue();
    assertThat(last.rolledBack()).isEqualTo(v1);
    assertThat(swaps).containsExactly(v1, v2, v3, v2, v1, "default");
    assertThat(registry.activeVersion("law")).isEmpty();
    assertThatThrownBy(() -> registry.rollback("law", recordSwap))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.FAILED_PRECONDITION))
        .hasMessageContaining("domain 'law' serves the default model");
  }

  @Test
  void aRollbackSkipsVersionsDeletedSinceTheyWereActive() {
    String v1 = adapt(registry, "law");
    String v2 = adapt(registry, "law");
    String v3 = adapt(registry, "law");
    registry.promote("law", v1, recordSwap);
    registry.promote("law", v2, recordSwap);
    registry.promote("law", v3, recordSwap);
    registry.delete("law", v2, v -> false);

    assertThat(registry.rollback("law", recordSwap).active())
        .map(RegisteredVersion::version)
        .hasValue(v1);
  }

  @Test
  void aRollbackSkipsAVersionWhosePackageVanishedWithoutTheRegistry() throws Exception {
    String v1 = adapt(registry, "law");
    String v2 = adapt(registry, "law");
    registry.promote("law", v1, recordSwap);
    registry.promote("law", v2, recordSwap);
    dev.metarag.inference.files.Directories.deleteRecursively(registry.path(v1));

    RollbackResult result = registry.rollback("law", recordSwap);

    assertThat(result.servingDefault()).isTrue();
    assertThat(swaps).endsWith("default");
  }

  @Test
  void aRollbackNeverLandsOnTheVersionItRollsBack() {
    String v1 = adapt(registry, "law");
    String v2 = adapt(registry, "law");
    String v3 = adapt(registry, "law");
    registry.promote("law", v1, recordSwap);
    registry.promote("law", v2, recordSwap);
    registry.promote("law", v1, recordSwap);
    registry.promote("law", v3, recordSwap); // history: v1, v2, v1
    registry.delete("law", v2, v -> false); // history: v1, v1

    assertThat(registry.rollback("law", recordSwap).active())
        .map(RegisteredVersion::version)
        .hasValue(v1);
    assertThat(registry.rollback("law", recordSwap).servingDefault()).isTrue();
  }

  @Test
  void baseTheta0AndGeneralVersionsCannotBePromoted() {
    String theta0 = metaTrain(registry);
    String general = trainGeneral(registry);

    for (String version : new String[] {"base", theta0, general}) {
      assertThatThrownBy(() -> registry.promote("law", version, recordSwap))
          .isInstanceOfSatisfying(
              RegistryException.class,
              e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.INVALID))
          .hasMessageContaining("only ADAPTED versions of domain 'law' can be promoted");
    }
    assertThat(swaps).isEmpty();
  }

  @Test
  void unknownVersionsAndThoseOfOtherDomainsAreNotFound() {
    String medical = adapt(registry, "medical");

    for (String version : new String[] {"law-v1", medical}) {
      assertThatThrownBy(() -> registry.promote("law", version, recordSwap))
          .isInstanceOfSatisfying(
              RegistryException.class,
              e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.NOT_FOUND))
          .hasMessageContaining(version);
    }
    assertThatThrownBy(() -> registry.rollback("law", recordSwap))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.NOT_FOUND));
  }

  @Test
  void aFailingSwapLeavesTheDomainAsItWasAlsoAfterARestart() {
    String v1 = adapt(registry, "law");
    String v2 = adapt(registry, "law");
    registry.promote("law", v1, recordSwap);
    IllegalStateException refused = new IllegalStateException("retriever refused the encoder");
    SwapHook failing =
        next -> {
          throw refused;
        };

    assertThatThrownBy(() -> registry.promote("law", v2, failing)).isSameAs(refused);
    assertThatThrownBy(() -> registry.rollback("law", failing)).isSameAs(refused);

    for (VersionRegistry view : List.of(registry, new VersionRegistry(root))) {
      assertThat(view.activeVersion("law")).hasValue(v1);
      assertThat(view.promotionHistory("law")).isEmpty();
      assertThat(view.get("law", v2).activatedAtMillis()).isZero();
    }
  }

  @Test
  void aRestartSeesEveryAcknowledgedChange() {
    String v1 = adapt(registry, "law");
    String v2 = adapt(registry, "law");
    registry.promote("law", v1, SwapHook.NONE);
    clock.set(30_000);
    registry.promote("law", v2, SwapHook.NONE);

    VersionRegistry reopened = new VersionRegistry(root);

    assertThat(reopened.activeVersion("law")).hasValue(v2);
    assertThat(reopened.promotionHistory("law")).containsExactly(v1);
    assertThat(reopened.get("law", v1).activatedAtMillis()).isEqualTo(10_000);
    assertThat(reopened.get("law", v2).activatedAtMillis()).isEqualTo(30_000);
    assertThat(reopened.list("law"))
        .extracting(RegisteredVersion::active)
        .containsExactly(true, false);
  }

  @Test
  void rollingBackTheOnlyPromotionTellsTheHookToServeTheDefault() {
    String v1 = adapt(registry, "law");
    registry.promote("law", v1, SwapHook.NONE);
    List<Optional<RegisteredVersion>> seen = new ArrayList<>();

    registry.rollback("law", seen::add);

    assertThat(seen).containsExactly(Optional.empty());
  }
}
