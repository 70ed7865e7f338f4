package dev.metarag.inference.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A directory of model packages, one sub-directory per version ({@code <root>/<version>}); a PVC on
 * Kubernetes. Only valid version names are listed: never staging directories of unfinished writes
 * (names starting with a dot) or the registry's own state ({@code _domains}).
 */
public final class ModelRegistry {
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private final Path root;

  public ModelRegistry(Path root) {
    this.root = root;
  }

  /** Returns the version if it is a safe directory name, otherwise throws with what to fix. */
  public static String validateVersion(String version) {
    if (version == null || !VERSION.matcher(version).matches()) {
      throw new IllegalArgumentException(
          "model version '"
              + version
              + "' is invalid: use 1 to 128 characters of A-Z, a-z, 0-9,"
              + " '.', '_' and '-', starting with a letter or digit");
    }
    return version;
  }

  /** Where a version's package lives (or will be written). */
  public Path path(String version) {
    return root.resolve(validateVersion(version));
  }

  /** Opens and verifies a version's package. */
  public ModelPackage open(String version) {
    Path dir = path(version);
    if (!Files.isDirectory(dir)) {
      throw new InvalidModelPackageException(
          "model version '" + version + "' does not exist in " + root);
    }
    return ModelPackage.open(dir);
  }

  /** The versions present, sorted by name. */
  public List<String> versions() {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(name -> VERSION.matcher(name).matches())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path root() {
    return root;
  }
}
