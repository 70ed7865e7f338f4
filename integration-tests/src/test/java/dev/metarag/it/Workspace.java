package dev.metarag.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Where a test class finds the repository (the runner jars, examples, clients) and keeps its data
 * (deleted afterwards unless a test failed: model packages take hundreds of megabytes, but job
 * directories and packages tell what went wrong) and its logs (kept).
 */
final class Workspace {
  private Workspace() {}

  /** The repository root: the build says where it is; by default the module's parent. */
  static Path repoRoot() {
    return Path.of(System.getProperty("metarag.repo.root", "..")).toAbsolutePath().normalize();
  }

  /** A new, empty data directory for one test class under target/. */
  static Path newHome(String testName) {
    try {
      Path parent = Files.createDirectories(Path.of("target/it-data"));
      return Files.createTempDirectory(parent, testName + "-").toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The log folder of one test class, emptied first. */
  static Path logs(String testName) {
    Path logs = Path.of("target/it-logs", testName).toAbsolutePath();
    deleteRecursively(logs);
    try {
      return Files.createDirectories(logs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Remembers whether a test of the class failed, so that its data can be kept to look at. */
  static final class FailureWatcher implements TestWatcher {
    private volatile boolean failed;

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      failed = true;
    }

    /** Deletes the data directory unless a test failed (then it says where the data is). */
    void cleanUp(Path home) {
      if (failed) {
        System.out.println("a test failed: its data is kept in " + home);
      } else {
        deleteRecursively(home);
      }
    }
  }
}
