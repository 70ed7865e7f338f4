package dev.metarag.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the shared data sets, which live beside the repository and are never copied into it. The
 * first of these that is a folder wins: the system property {@code metarag.shared.data}, the
 * environment variable {@code METARAG_SHARED_DATA}, then a {@code shared/data} folder beside the
 * working directory or beside one of its parents. A configured location that does not exist falls
 * through to the next, because the build sets the property on every test run, data or not.
 */
public final class SharedData {
  public static final String PROPERTY = "metarag.shared.data";
  public static final String ENVIRONMENT = "METARAG_SHARED_DATA";

  private SharedData() {}

  /** The shared data folder, if one of the candidate locations holds it. */
  public static Optional<Path> locate() {
    return candidates().stream().filter(Files::isDirectory).findFirst();
  }

  /** A file or folder inside the shared data, if the data and that entry are present. */
  public static Optional<Path> resolve(String relative) {
    return locate().map(root -> root.resolve(relative)).filter(Files::exists);
  }

  /** What a test or benchmark prints when it skips for lack of data, naming where it looked. */
  public static String missingMessage(String relative) {
    String where =
        locate()
            .map(root -> root.resolve(relative).toString())
            .orElse("any of " + candidates() + " (set -D" + PROPERTY + " or " + ENVIRONMENT + ")");
    return "shared data '" + relative + "' not found at " + where + ": skipping";
  }

  /** Every location tried, in order. */
  static List<Path> candidates() {
    List<Path> out = new ArrayList<>();
    for (String configured :
        new String[] {System.getProperty(PROPERTY), System.getenv(ENVIRONMENT)}) {
      if (configured != null && !configured.isBlank()) {
        out.add(Path.of(configured).toAbsolutePath().normalize());
      }
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (dir.getParent() != null) {
        out.add(dir.resolveSibling("shared").resolve("data"));
      }
    }
    return out;
  }
}
