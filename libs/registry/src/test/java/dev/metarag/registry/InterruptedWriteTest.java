package dev.metarag.registry;

import static dev.metarag.registry.TestPackages.adapt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metarag.inference.model.ModelPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes that never finish: a writer killed with SIGKILL half-way through an export leaves a
 * staging directory, which the next service to open the registry for writing removes; a writer
 * still at work, in another process, keeps its staging directory however many services start.
 */
class InterruptedWriteTest {
  @TempDir Path root;

  /** The registry's dot entries: staging and deletion directories and their lock files. */
  private List<String> leftovers() throws IOException {
    try (Stream<Path> entries = Files.list(root)) {
      return entries
          .map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("."))
          .sorted()
          .toList();
    }
  }

  private Path stagingDirectory() throws IOException {
    try (Stream<Path> entries = Files.list(root)) {
      return entries
          .filter(p -> p.getFileName().toString().startsWith(".staging-"))
          .filter(Files::isDirectory)
          .findFirst()
          .orElseThrow(() -> new AssertionError("no staging directory in " + root));
    }
  }

  @Test
  void theNextStartRemovesWhatAWriterKilledMidExportLeft() throws Exception {
    VersionRegistry registry = VersionRegistry.openForWriting(root);
    String v1 = adapt(registry, "law");
    registry.promote("law", v1, SwapHook.NONE);

    String interrupted;
    try (ChildWriter writer = ChildWriter.start(root, "law")) {
      interrupted = writer.awaitWriting();
      assertThat(Files.size(stagingDirectory().resolve(ModelPackage.QUERY_ENCODER)))
          .as("half of the encoder is on disk")
          .isPositive();
      writer.kill();
    }
    assertThat(leftovers()).as("a crashed export leaves its staging directory").isNotEmpty();

    VersionRegistry restarted = VersionRegistry.openForWriting(root);

    assertThat(leftovers()).isEmpty();
    assertThat(restarted.list("law")).extracting(RegisteredVersion::version).containsExactly(v1);
    assertThat(restarted.find(interrupted)).isEmpty();
    assertThat(restarted.activeVersion("law")).contains(v1);
    assertThat(restarted.reserveAdaptedVersion("law"))
        .as("the interrupted version's number is never handed out again")
        .isEqualTo("law-v3");
    assertThat(ModelPackage.open(restarted.path(v1)).checksums()).isNotEmpty();
  }

  @Test
  void aStartWhileAnotherProcessWritesKeepsItsStagingDirectory() throws Exception {
    VersionRegistry.openForWriting(root);
    String written;
    try (ChildWriter writer = ChildWriter.start(root, "law")) {
      String version = writer.awaitWriting();
      Path staging = stagingDirectory();
      long halfWritten = Files.size(staging.resolve(ModelPackage.QUERY_ENCODER));

      VersionRegistry.openForWriting(root); // another service starts on the same registry

      assertThat(staging).isDirectory();
      assertThat(Files.size(staging.resolve(ModelPackage.QUERY_ENCODER))).isEqualTo(halfWritten);
      assertThat(writer.isAlive()).isTrue();
      written = writer.finish();
      assertThat(written).isEqualTo(version);
    }

    VersionRegistry registry = new VersionRegistry(root);
    assertThat(registry.get("law", written).version()).isEqualTo(written);
    assertThat(ModelPackage.open(registry.path(written)).checksums())
        .containsOnlyKeys(ModelPackage.QUERY_ENCODER, ModelPackage.TOKENIZER);
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void leftoversWithoutALockFileAreRemovedToo() throws Exception {
    // As written before staging directories had locks, or a deletion cut short.
    Path oldStaging = Files.createDirectories(root.resolve(".staging-law-v4-123"));
    Files.write(oldStaging.resolve(ModelPackage.QUERY_ENCODER), new byte[100]);
    Path halfDeleted = Files.createDirectories(root.resolve(".deleting-law-v2-456"));
    Files.write(halfDeleted.resolve(ModelPackage.TOKENIZER), new byte[10]);
    Files.writeString(root.resolve(".staging-law-v5-789.lock"), "1@gone\n");

    VersionRegistry.openForWriting(root);

    assertThat(leftovers()).isEmpty();
  }

  @Test
  void aDeletionLeavesNoLockOrDirectoryBehind() throws Exception {
    VersionRegistry registry = VersionRegistry.openForWriting(root);
    String v1 = adapt(registry, "law");

    registry.delete("law", v1, v -> false);

    assertThat(leftovers()).isEmpty();
    assertThat(registry.list("law")).isEmpty();
  }
}
