package dev.metarag.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The data root of the services' test profiles: {@code metarag.adapter.data-root} and {@code
 * metarag.trainer.data-root} are {@code target/test-datasets} of the module under test, since a
 * DatasetRef.path must lie under a configured root. The invented fixtures of {@code
 * libs/testing/fixtures} are copied there on first use; {@link #outside()} is a folder beside it
 * that no service may read.
 */
public final class TestDatasets {
  /** The data root, relative to the module directory the tests run in. */
  public static final Path ROOT = Path.of("target/test-datasets");

  private static final Path FIXTURES = Path.of("../libs/testing/fixtures");
  private static final Path OUTSIDE = Path.of("target/test-outside");

  private TestDatasets() {}

  /** The data root as an absolute path, created if missing. */
  public static synchronized Path root() {
    try {
      return Files.createDirectories(ROOT).toAbsolutePath().normalize();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A folder outside every root of the test profiles, for files no service may read. */
  public static Path outside() {
    try {
      return Files.createDirectories(OUTSIDE).toAbsolutePath().normalize();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fixture data set ({@code gadgets}, {@code kitchen}, {@code garden}) under the data root. */
  public static synchronized Path fixture(String domain) {
    Path target = root().resolve(domain + ".json");
    if (Files.isRegularFile(target)) {
      return target;
    }
    try {
      // Copied beside the target, then renamed: a reader never sees half a file.
      Path temp = Files.createTempFile(target.getParent(), "." + domain, ".tmp");
      Files.copy(FIXTURES.resolve(domain + ".json"), temp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
