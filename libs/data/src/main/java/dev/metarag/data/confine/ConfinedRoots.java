package dev.metarag.data.confine;

import dev.metarag.data.Quoted;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one rule for paths that callers send (data set files, model directories): a path is let
 * through only when it lies under one of the configured roots, both as written and after every
 * symbolic link is resolved. A path with a ".." element is refused outright, a relative path
 * resolves under the first root, and nothing outside the roots is opened or even looked at: the
 * written path is checked before the file system is asked anything.
 *
 * <p>Callers open {@link ConfinedPath#path()}, the resolved real path, so a link swapped after the
 * check needs write access to a root to matter.
 */
public final class ConfinedRoots {
  private final List<ConfinedRoot> roots;

  /**
   * @param roots the directories paths may point into; relative paths resolve under the first
   */
  public ConfinedRoots(List<ConfinedRoot> roots) {
    if (roots.isEmpty()) {
      throw new IllegalArgumentException("at least one root is needed");
    }
    this.roots = List.copyOf(roots);
  }

  public static ConfinedRoots of(ConfinedRoot... roots) {
    return new ConfinedRoots(List.of(roots));
  }

  /**
   * Where a caller's path points, when it is allowed to.
   *
   * @param what how messages call the value ("path", "model_dir")
   * @throws PathOutsideRootsException when the path is empty, not a path, climbs with "..", lies
   *     outside every root, or is led out of them by a symbolic link
   */
  public ConfinedPath resolve(String what, String requested) {
    if (requested.isBlank()) {
      throw refused(what + " is empty");
    }
    Path given;
    try {
      given = Path.of(requested);
    } catch (InvalidPathException e) {
      throw refused(what + " " + Quoted.of(requested) + " is not a valid file path");
    }
    for (Path element : given) {
      if (element.toString().equals("..")) {
        throw refused(what + " " + Quoted.of(requested) + " climbs with '..'");
      }
    }
    Path absolute =
        given.isAbsolute()
            ? given.normalize()
            : configured(roots.get(0)).resolve(given).normalize();
    for (ConfinedRoot root : roots) {
      Optional<Path> below = below(root, absolute);
      if (below.isPresent()) {
        return resolved(what, requested, root, absolute, below.get());
      }
    }
    throw refused(what + " " + Quoted.of(requested) + " is outside the allowed directories");
  }

  /** The part of {@code absolute} below the root as configured or as its real path. */
  private static Optional<Path> below(ConfinedRoot root, Path absolute) {
    Path configured = configured(root);
    if (absolute.startsWith(configured)) {
      return Optional.of(configured.relativize(absolute));
    }
    return real(root).filter(absolute::startsWith).map(r -> r.relativize(absolute));
  }

  /** Resolves the links of a path that lies under a root as written; it must stay under one. */
  private ConfinedPath resolved(
      String what, String requested, ConfinedRoot root, Path absolute, Path relative) {
    Path real;
    try {
      real = absolute.toRealPath();
    } catch (NoSuchFileException e) {
      return new ConfinedPath(absolute, root, relative, false);
    } catch (IOException e) {
      // A link loop, or a folder on the way the service may not enter.
      throw refused(what + " " + Quoted.of(requested) + " cannot be followed to a file");
    }
    for (ConfinedRoot r : roots) {
      if (real(r).filter(real::startsWith).isPresent()) {
        return new ConfinedPath(real, root, relative, true);
      }
    }
    throw refused(
        what + " " + Quoted.of(requested) + " leads out of the allowed directories by a link");
  }

  private PathOutsideRootsException refused(String problem) {
    String relative =
        roots.size() > 1 ? " (a relative path resolves under " + roots.get(0).setting() + ")" : "";
    return new PathOutsideRootsException(problem + ": give a path under " + settings() + relative);
  }

  /** The roots' settings: "a", "a or b", "a, b or c". */
  private String settings() {
    List<String> names = roots.stream().map(ConfinedRoot::setting).toList();
    if (names.size() == 1) {
      return names.get(0);
    }
    return names.subList(0, names.size() - 1).stream().collect(Collectors.joining(", "))
        + " or "
        + names.get(names.size() - 1);
  }

  private static Path configured(ConfinedRoot root) {
    return root.directory().toAbsolutePath().normalize();
  }

  /** The root's real path; empty while it does not exist (nothing can be under it then). */
  private static Optional<Path> real(ConfinedRoot root) {
    try {
      return Optional.of(root.directory().toRealPath());
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
