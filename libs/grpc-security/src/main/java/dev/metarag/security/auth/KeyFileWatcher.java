package dev.metarag.security.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The keys of a key file, read again every interval. The file's content (not its modification time,
 * which Kubernetes' secret volumes and coarse file systems make unreliable) decides whether it
 * changed. A changed file that does not parse is logged and the keys in force stay.
 */
public final class KeyFileWatcher implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(KeyFileWatcher.class);

  private final Path file;
  private volatile ApiKeys keys;
  private byte[] lastContent;
  private final ScheduledExecutorService timer;

  private KeyFileWatcher(Path file, ApiKeys keys, byte[] content, Duration interval) {
    this.file = file;
    this.keys = keys;
    this.lastContent = content;
    if (interval.isZero() || interval.isNegative()) {
      timer = null;
    } else {
      timer =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "api-key-file-watcher");
                t.setDaemon(true);
                return t;
              });
      timer.scheduleWithFixedDelay(
          this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Reads the file (a bad file throws {@link KeyFileException}) and, with a positive interval,
   * watches it.
   */
  public static KeyFileWatcher open(Path file, Duration interval) {
    byte[] content = read(file);
    ApiKeys keys = ApiKeyFile.parse(text(content), file.toString());
    return new KeyFileWatcher(file, keys, digest(content), interval);
  }

  /** The keys in force. */
  public ApiKeys keys() {
    return keys;
  }

  /** Reads the file again and takes its keys if it changed and parses. */
  void check() {
    try {
      byte[] content = read(file);
      byte[] digest = digest(content);
      if (MessageDigest.isEqual(digest, lastContent)) {
        return;
      }
      lastContent = digest;
      ApiKeys fresh = ApiKeyFile.parse(text(content), file.toString());
      keys = fresh;
      LOG.infof("API key file %s changed: %d keys in force", file, fresh.size());
    } catch (KeyFileException e) {
      LOG.errorf("%s; the %d keys read before stay in force", e.getMessage(), keys.size());
    } catch (RuntimeException e) {
      LOG.errorf(e, "reading the API key file %s failed; the keys read before stay", file);
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new KeyFileException(
          "API key file " + file + " cannot be read (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  private static String text(byte[] content) {
    return new String(content, StandardCharsets.UTF_8);
  }

  private static byte[] digest(byte[] content) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(content);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
