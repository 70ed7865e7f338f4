package dev.metarag.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the shared data sets, which live beside the repository and are never copied into it: the
 * system property {@code metarag.shared.data}, else the environment variable {@code
 * METARAG_SHARED_DATA}, else a {@code shared/data} folder beside the working directory or one of
 * its parents.
 */
public final class SharedData {
  private SharedData() {}

  public static Optional<Path> locate() {
    String configured = System.getProperty("metarag.shared.data");
    if (configured == null || configured.isBlank()) {
      configured = System.getenv("METARAG_SHARED_DATA");
    }
    if (configured != null && !configured.isBlank()) {
      Path p = Path.of(configured).toAbsolutePath().normalize();
      return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolveSibling("shared").resolve("data");
      if (Files.isDirectory(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** A file or folder inside the shared data, if the data and that entry are present. */
  public static Optional<Path> resolve(String relative) {
    return locate().map(root -> root.resolve(relative)).filter(Files::exists);
  }

  /** What a test or benchmark prints when it skips for lack of data. */
  public static String missingMessage(String relative) {
    return "shared data set '"
        + relative
        + "' not found (set -Dmetarag.shared.data or METARAG_SHARED_DATA, or place shared/data"
        + " beside the repository): skipping";
  }
}
