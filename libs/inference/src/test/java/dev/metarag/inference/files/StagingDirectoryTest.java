package dev.metarag.inference.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagingDirectoryTest {
  @TempDir Path parent;

  private List<String> names() throws IOException {
    try (Stream<Path> entries = Files.list(parent)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aWrittenDirectoryIsLockedUntilItIsCommittedThenOnlyTheTargetRemains() throws Exception {
    try (StagingDirectory staging = StagingDirectory.create(parent, ".staging-", "v1")) {
      Files.writeString(staging.path().resolve("a.txt"), "a");
      String name = staging.path().getFileName().toString();
      assertThat(names()).containsExactly(name, name + ".lock");

      staging.commitTo(parent.resolve("v1"));
    }

    assertThat(names()).containsExactly("v1");
    assertThat(parent.resolve("v1/a.txt")).hasContent("a");
  }

  @Test
  void aDirectoryClosedWithoutCommitIsRemovedWithItsLock() throws Exception {
    try (StagingDirectory staging = StagingDirectory.create(parent, ".staging-", "v1")) {
      Files.writeString(staging.path().resolve("a.txt"), "a");
    }

    assertThat(names()).isEmpty();
  }

  @Test
  void aDirectoryThisProcessWritesIsKeptAndAnAbandonedOneRemoved() throws Exception {
    Path abandoned = Files.createDirectories(parent.resolve(".staging-v0-1"));
    Files.writeString(abandoned.resolve("half.bin"), "half");
    try (StagingDirectory live = StagingDirectory.create(parent, ".staging-", "v1")) {
      Files.writeString(live.path().resolve("a.txt"), "a");

      List<Path> removed = StagingDirectory.removeAbandoned(parent, ".staging-");

      assertThat(removed).containsExactly(abandoned.toAbsolutePath().normalize());
      assertThat(live.path().resolve("a.txt")).hasContent("a");
      assertThat(names())
          .containsExactly(
              live.path().getFileName().toString(), live.path().getFileName() + ".lock");
    }
  }

  @Test
  void onlyEntriesWithThePrefixAreLookedAt() throws Exception {
    Files.createDirectories(parent.resolve("v1"));
    Files.createDirectories(parent.resolve(".deleting-v2-5"));

    assertThat(StagingDirectory.removeAbandoned(parent, ".staging-")).isEmpty();
    assertThat(names()).containsExactly(".deleting-v2-5", "v1");
  }

  @Test
  void aReservedNameHoldsADirectoryMovedIn() throws Exception {
    Path package1 = Files.createDirectories(parent.resolve("v1"));
    Files.writeString(package1.resolve("a.txt"), "a");

    try (StagingDirectory doomed = StagingDirectory.reserve(parent, ".deleting-", "v1")) {
      assertThat(doomed.path()).doesNotExist();
      Files.move(package1, doomed.path());
      assertThat(StagingDirectory.removeAbandoned(parent, ".deleting-")).isEmpty();
    }

    assertThat(names()).isEmpty();
  }
}
