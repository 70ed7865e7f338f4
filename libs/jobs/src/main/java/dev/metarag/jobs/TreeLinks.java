package dev.metarag.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Copies of directory trees whose files share their storage with the originals where the file
 * system allows it: for files that never change once written (model packages), a hard link is a
 * copy that costs nothing and outlives the original's deletion.
 */
final class TreeLinks {
  private TreeLinks() {}

  /**
   * Hard-links every regular file under {@code source} to the same place under {@code target},
   * copying it instead where a link is impossible (another file system, links not supported or not
   * allowed). Symbolic links are skipped.
   */
  static void linkOrCopy(Path source, Path target) throws IOException {
    for (Path file : regularFiles(source)) {
      Path copy = target.resolve(source.relativize(file).toString());
      Files.createDirectories(copy.getParent());
      try {
        Files.createLink(copy, file);
      } catch (NoSuchFileException e) {
        throw e;
      } catch (FileSystemException | UnsupportedOperationException e) {
        Files.copy(file, copy);
      }
    }
  }

  /** Deletes a directory tree; nothing when it does not exist. */
  static void delete(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> tree = Files.walk(dir)) {
      for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static List<Path> regularFiles(Path dir) throws IOException {
    try (Stream<Path> tree = Files.walk(dir)) {
      return tree.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
