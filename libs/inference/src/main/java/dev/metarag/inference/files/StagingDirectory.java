package dev.metarag.inference.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * A directory written under a dot name ({@code <prefix><name>-<n>}) beside where it will end up,
 * with a lock file beside it ({@code <prefix><name>-<n>.lock}) that its writer holds locked while
 * it works. A writer that dies (kill -9, OOM killer, power loss) leaves the directory, but the
 * operating system drops its lock: {@link #removeAbandoned} can then tell an abandoned directory
 * from one whose writer is alive, in this process or in another one on the same volume, and remove
 * only the first.
 *
 * <p>The locks are {@link FileChannel#lock()} locks, which are advisory and held per process. A
 * file system that does not support them (some network volumes) makes the writer work unlocked and
 * {@link #removeAbandoned} keep every directory it cannot lock: leftovers are then never removed,
 * but a live write never is either. Directories of this process are known without their lock, since
 * closing a second channel on a lock file would drop this process's lock on it.
 */
public final class StagingDirectory implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(StagingDirectory.class);
  private static final String LOCK_SUFFIX = ".lock";

  /** Directories this process is writing: never touched by its own {@link #removeAbandoned}. */
  private static final Set<Path> WRITING = ConcurrentHashMap.newKeySet();

  private final Path directory;
  private final Path lockFile;
  private final FileChannel channel;
  private final FileLock lock;
  private boolean committed;

  private StagingDirectory(Path directory, Path lockFile, FileChannel channel, FileLock lock) {
    this.directory = directory;
    this.lockFile = lockFile;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks a new name in {@code parent} and creates the directory there.
   *
   * @param prefix starts with '.', so that listings of finished directories skip it
   */
  public static StagingDirectory create(Path parent, String prefix, String name)
      throws IOException {
    StagingDirectory staging = reserve(parent, prefix, name);
    try {
      Files.createDirectory(staging.directory);
    } catch (IOException | RuntimeException e) {
      staging.close();
      throw e;
    }
    return staging;
  }

  /**
   * Locks a new name in {@code parent} without creating anything there, for a directory that is
   * moved in (a package renamed away to be deleted).
   */
  public static StagingDirectory reserve(Path parent, String prefix, String name)
      throws IOException {
    Path dir = parent.toAbsolutePath().normalize().resolve(prefix + name + "-" + System.nanoTime());
    Files.createDirectories(dir.getParent());
    Path lockFile = lockFileOf(dir);
    WRITING.add(dir);
    FileChannel channel = null;
    try {
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = lock(channel, lockFile);
      // For whoever lists the volume: which process writes here.
      channel.write(
          StandardCharsets.UTF_8.encode(ProcessHandle.current().pid() + "@" + host() + "\n"));
      return new StagingDirectory(dir, lockFile, channel, lock);
    } catch (IOException | RuntimeException e) {
      if (channel != null) {
        channel.close();
      }
      Files.deleteIfExists(lockFile);
      WRITING.remove(dir);
      throw e;
    }
  }

  /** The directory to write into. */
  public Path path() {
    return directory;
  }

  /** Renames the finished directory to {@code target} atomically and makes the rename durable. */
  public void commitTo(Path target) throws IOException {
    Files.move(directory, target, StandardCopyOption.ATOMIC_MOVE);
    committed = true;
    syncDirectory(target.toAbsolutePath().getParent());
  }

  /**
   * Deletes the directory unless it was committed, then the lock file, then lets the lock go: a
   * concurrent {@link #removeAbandoned} sees the lock until nothing is left to remove.
   */
  @Override
  public void close() throws IOException {
    try {
      if (!committed) {
        Directories.deleteRecursively(directory);
      }
      Files.deleteIfExists(lockFile);
    } finally {
      try {
        channel.close(); // releases the lock
      } finally {
        WRITING.remove(directory);
      }
    }
  }

  /**
   * Removes the directories named {@code <prefix>...} in {@code parent} whose writer is gone, with
   * their lock files, and lock files left without a directory.
   *
   * @return the directories removed
   */
  public static List<Path> removeAbandoned(Path parent, String prefix) throws IOException {
    Path root = parent.toAbsolutePath().normalize();
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<Path> candidates;
    try (Stream<Path> entries = Files.list(root)) {
      candidates =
          entries
              .filter(p -> p.getFileName().toString().startsWith(prefix))
              .map(p -> directoryOf(p.normalize()))
              .distinct()
              .toList();
    }
    List<Path> removed = new ArrayList<>();
    for (Path dir : candidates) {
      if (!WRITING.contains(dir) && removeIfUnlocked(dir)) {
        removed.add(dir);
      }
    }
    return removed;
  }

  /** Removes {@code dir} and its lock file when no process holds the lock; true if it did. */
  private static boolean removeIfUnlocked(Path dir) throws IOException {
    Path lockFile = lockFileOf(dir);
    try (FileChannel channel =
        FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        return false; // another thread of this process is removing it
      } catch (IOException e) {
        LOG.warnf("cannot lock %s (%s): keeping %s", lockFile, e.getMessage(), dir);
        return false;
      }
      if (lock == null) {
        return false; // its writer is alive
      }
      try {
        boolean existed = Files.exists(dir);
        Directories.deleteRecursively(dir);
        Files.deleteIfExists(lockFile);
        return existed;
      } finally {
        lock.release();
      }
    }
  }

  private static FileLock lock(FileChannel channel, Path lockFile) throws IOException {
    try {
      return channel.lock();
    } catch (IOException e) {
      // A volume without locks: write anyway; removeAbandoned keeps what it cannot lock.
      LOG.warnf("cannot lock %s (%s): writing without a lock", lockFile, e.getMessage());
      return null;
    }
  }

  private static Path lockFileOf(Path dir) {
    return dir.resolveSibling(dir.getFileName() + LOCK_SUFFIX);
  }

  /** The directory an entry stands for: itself, or the one a lock file belongs to. */
  private static Path directoryOf(Path entry) {
    String name = entry.getFileName().toString();
    return name.endsWith(LOCK_SUFFIX)
        ? entry.resolveSibling(name.substring(0, name.length() - LOCK_SUFFIX.length()))
        : entry;
  }

  private static String host() {
    String host = System.getenv("HOSTNAME");
    return host == null || host.isBlank() ? "localhost" : host;
  }

  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Some file systems refuse to open directories; the rename is still atomic there.
    }
  }
}
