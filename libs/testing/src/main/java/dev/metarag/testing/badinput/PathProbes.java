package dev.metarag.testing.badinput;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Paths a caller could send to make a service read what it should not, made on disk around one root
 * the service reads from: a secret outside the root, the same secret reached with ".." and through
 * a link inside the root, and a file inside the root that holds the secret's text (the service may
 * open it, but must not quote it back). The secret is {@link #SECRET}, a line of /etc/passwd with a
 * marker no message has any other reason to carry.
 *
 * @param outside the secret's absolute path, outside the root
 * @param climbing the same, written as the root followed by ".." elements
 * @param linkOut a link inside the root that leads to the secret
 * @param insideWithSecret a path inside the root whose content is the secret
 */
public record PathProbes(String outside, String climbing, String linkOut, String insideWithSecret) {
  /** The secret's text. */
  public static final String SECRET = "root:x:0:0:probe-secret-7f3a:/root:/bin/bash\n";

  /** What no status message may contain. */
  public static final String MARKER = "probe-secret-7f3a";

  /**
   * Probes that are files named {@code fileName}.
   *
   * @param root a directory the service reads callers' files from
   * @param outsideDir a directory outside every root of the service
   */
  public static PathProbes files(Path root, Path outsideDir, String fileName) {
    return make(root, outsideDir, fileName, null);
  }

  /**
   * Probes that are directories, each holding {@code fileInside} with the secret (for a service
   * that takes a directory, such as a model package).
   */
  public static PathProbes directories(Path root, Path outsideDir, String fileInside) {
    return make(root, outsideDir, "probe-dir", fileInside);
  }

  private static PathProbes make(Path root, Path outsideDir, String name, String fileInside) {
    try {
      Path absRoot = Files.createDirectories(root).toAbsolutePath().normalize();
      Path secret = secret(Files.createDirectories(outsideDir).resolve(name), fileInside);
      Path inside = secret(absRoot.resolve("probe-inside-" + name), fileInside);
      Path link = absRoot.resolve("probe-link-" + name);
      try {
        Files.createSymbolicLink(link, secret.toAbsolutePath());
      } catch (FileAlreadyExistsException e) {
        // made by an earlier suite in this build
      }
      Path climbing = absRoot.resolve(absRoot.relativize(secret.toAbsolutePath().normalize()));
      return new PathProbes(
          secret.toAbsolutePath().normalize().toString(),
          climbing.toString(),
          link.toString(),
          inside.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The secret as a file, or as a directory holding it in {@code fileInside}. */
  private static Path secret(Path at, String fileInside) throws IOException {
    if (fileInside == null) {
      Files.writeString(at, SECRET);
    } else {
      Files.createDirectories(at);
      Files.writeString(at.resolve(fileInside), SECRET);
    }
    return at;
  }
}
