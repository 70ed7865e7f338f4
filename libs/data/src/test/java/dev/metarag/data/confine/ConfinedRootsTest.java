package dev.metarag.data.confine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfinedRootsTest {
  @TempDir Path top;
  private Path data;
  private Path shared;
  private Path outside;
  private ConfinedRoots roots;

  @BeforeEach
  void layout() throws IOException {
    data = Files.createDirectories(top.resolve("data"));
    shared = Files.createDirectories(top.resolve("shared"));
    outside = Files.createDirectories(top.resolve("outside"));
    Files.writeString(data.resolve("mine.json"), "{}");
    Files.createDirectories(shared.resolve("covidqa"));
    Files.writeString(shared.resolve("covidqa/dev.json"), "{}");
    Files.writeString(outside.resolve("secret.json"), "secret");
    roots =
        ConfinedRoots.of(
            new ConfinedRoot("metarag.test.data-root", data),
            new ConfinedRoot("metarag.test.shared-data", shared));
  }

  @Test
  void aFileUnderEitherRootResolvesToItsRealPath() throws IOException {
    ConfinedPath mine = roots.resolve("path", data.resolve("mine.json").toString());
    ConfinedPath dev = roots.resolve("path", shared.resolve("covidqa/dev.json").toString());

    assertThat(mine.exists()).isTrue();
    assertThat(mine.path()).isEqualTo(data.resolve("mine.json").toRealPath());
    assertThat(mine.describe()).isEqualTo("mine.json under metarag.test.data-root");
    assertThat(dev.describe()).isEqualTo("covidqa/dev.json under metarag.test.shared-data");
  }

  @Test
  void aRelativePathResolvesUnderTheFirstRoot() {
    ConfinedPath mine = roots.resolve("path", "mine.json");

    assertThat(mine.exists()).isTrue();
    assertThat(mine.root().setting()).isEqualTo("metarag.test.data-root");
  }

  @Test
  void aMissingFileUnderARootIsLetThroughAsMissing() {
    ConfinedPath missing = roots.resolve("path", "later/questions.json");

    assertThat(missing.exists()).isFalse();
    assertThat(missing.describe()).isEqualTo("later/questions.json under metarag.test.data-root");
  }

  @Test
  void aPathOutsideEveryRootIsRefusedNamingTheSettingsNotTheDirectories() {
    assertThatThrownBy(() -> roots.resolve("path", "/etc/passwd"))
        .isInstanceOf(PathOutsideRootsException.class)
        .hasMessage(
            "path '/etc/passwd' is outside the allowed directories: give a path under"
                + " metarag.test.data-root or metarag.test.shared-data (a relative path resolves"
                + " under metarag.test.data-root)");
    assertThatThrownBy(() -> roots.resolve("path", outside.resolve("secret.json").toString()))
        .isInstanceOf(PathOutsideRootsException.class)
        .hasMessageNotContaining(data.toString());
  }

  @Test
  void aMissingPathOutsideTheRootsIsRefusedToo() {
    // Refused rather than NOT_FOUND: a caller cannot probe which files exist elsewhere.
    assertThatThrownBy(() -> roots.resolve("path", "/nowhere/questions.json"))
        .isInstanceOf(PathOutsideRootsException.class);
  }

  @Test
  void anyDotDotIsRefusedEvenWhenItStaysInside() {
    String climbing = data.resolve("../outside/secret.json").toString();
    String staying = data.resolve("sub/../mine.json").toString();

    assertThatThrownBy(() -> roots.resolve("path", climbing))
        .isInstanceOf(PathOutsideRootsException.class)
        .hasMessageContaining("climbs with '..'");
    assertThatThrownBy(() -> roots.resolve("path", staying))
        .isInstanceOf(PathOutsideRootsException.class);
    assertThatThrownBy(() -> roots.resolve("path", "../../../etc/passwd"))
        .isInstanceOf(PathOutsideRootsException.class)
        .hasMessageContaining("climbs with '..'");
  }

  @Test
  void aLinkInsideARootThatLeadsOutIsRefused() throws IOException {
    Files.createSymbolicLink(data.resolve("escape.json"), outside.resolve("secret.json"));
    Files.createSymbolicLink(data.resolve("elsewhere"), outside);

    assertThatThrownBy(() -> roots.resolve("path", "escape.json"))
        .isInstanceOf(PathOutsideRootsException.class)
        .hasMessage(
            "path 'escape.json' leads out of the allowed directories by a link: give a path"
                + " under metarag.test.data-root or metarag.test.shared-data (a relative path"
                + " resolves under metarag.test.data-root)");
    assertThatThrownBy(() -> roots.resolve("path", "elsewhere/secret.json"))
        .isInstanceOf(PathOutsideRootsException.class)
        .hasMessageContaining("leads out");
  }

  @Test
  void aLinkFromOneRootIntoAnotherIsFollowed() throws IOException {
    Files.createSymbolicLink(data.resolve("dev.json"), shared.resolve("covidqa/dev.json"));

    ConfinedPath linked = roots.resolve("path", "dev.json");

    assertThat(linked.path()).isEqualTo(shared.resolve("covidqa/dev.json").toRealPath());
  }

  @Test
  void aRootReachedThroughALinkAcceptsPathsWrittenEitherWay() throws IOException {
    Path alias = Files.createSymbolicLink(top.resolve("alias"), data);
    ConfinedRoots viaAlias = ConfinedRoots.of(new ConfinedRoot("metarag.test.data-root", alias));

    assertThat(viaAlias.resolve("path", alias.resolve("mine.json").toString()).exists()).isTrue();
    assertThat(viaAlias.resolve("path", data.resolve("mine.json").toString()).exists()).isTrue();
  }

  @Test
  void aRootThatDoesNotExistHoldsNothing() {
    ConfinedRoots absent =
        ConfinedRoots.of(new ConfinedRoot("metarag.test.data-root", top.resolve("absent")));

    assertThat(absent.resolve("path", "mine.json").exists()).isFalse();
    assertThatThrownBy(() -> absent.resolve("path", data.resolve("mine.json").toString()))
        .isInstanceOf(PathOutsideRootsException.class)
        .hasMessageEndingWith("give a path under metarag.test.data-root");
  }

  @Test
  void emptyAndUnnameablePathsAreRefused() {
    assertThatThrownBy(() -> roots.resolve("model_dir", " "))
        .isInstanceOf(PathOutsideRootsException.class)
        .hasMessageStartingWith("model_dir is empty");
    assertThatThrownBy(() -> roots.resolve("path", "questions\u0000.json"))
        .isInstanceOf(PathOutsideRootsException.class)
        .hasMessageContaining("is not a valid file path");
  }
}
