package dev.metarag.generator.serving;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Polls the registry for each loaded domain's version (its active version, or the default model,
 * which moves to a theta0 or general version as soon as one is registered) and swaps the domain to
 * it. Runs on one background thread, so new sessions load there, one at a time, while requests go
 * on with the old ones. A version that fails to load is logged and retried only after {@link
 * #RETRY_FAILED_AFTER_MILLIS}; the domain keeps serving what it served.
 */
public final class RegistryWatcher implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(RegistryWatcher.class);
  static final long RETRY_FAILED_AFTER_MILLIS = 30_000;

  private final DomainModels domains;
  private final VersionChooser chooser;
  private final LongSupplier clockMillis;
  private final Map<String, Failure> failures = new HashMap<>();
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "generator-registry-watcher");
            t.setDaemon(true);
            return t;
          });

  public RegistryWatcher(DomainModels domains, VersionChooser chooser, LongSupplier clockMillis) {
    this.domains = domains;
    this.chooser = chooser;
    this.clockMillis = clockMillis;
  }

  public void start(Duration interval) {
    long millis = Math.max(1, interval.toMillis());
    thread.scheduleWithFixedDelay(this::pollSafely, millis, millis, TimeUnit.MILLISECONDS);
  }

  private void pollSafely() {
    try {
      poll();
    } catch (RuntimeException | Error e) {
      // A scheduled task that throws is never run again: the watcher must outlive any failure.
      LOG.error("the registry watcher failed; it tries again at its next poll", e);
    }
  }

  /** One pass over the loaded domains (package-visible for tests that drive it themselves). */
  void poll() {
    for (String domain : domains.domains()) {
      Choice wanted;
      try {
        wanted = chooser.served(domain);
      } catch (RuntimeException e) {
        LOG.warnf("cannot read the registry state of domain %s: %s", domain, e.getMessage());
        continue;
      }
      Failure failed = failures.get(domain);
      if (failed != null
          && failed.version.equals(wanted.version())
          && clockMillis.getAsLong() - failed.atMillis < RETRY_FAILED_AFTER_MILLIS) {
        continue;
      }
      try {
        if (domains.follow(domain, wanted)) {
          LOG.infof("domain %s now serves model version %s", domain, wanted.version());
        }
        failures.remove(domain);
      } catch (RuntimeException e) {
        failures.put(domain, new Failure(wanted.version(), clockMillis.getAsLong()));
        LOG.errorf(
            "domain %s keeps its model: version %s cannot be loaded: %s",
            domain, wanted.version(), e.getMessage());
      }
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private record Failure(String version, long atMillis) {}
}
