package dev.metarag.retriever.collection;

import dev.metarag.inference.files.Directories;
import dev.metarag.retriever.config.RetrieverConfig;
import dev.metarag.retriever.error.AlreadyExistsException;
import dev.metarag.retriever.error.NotFoundException;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * All collections of this retriever, kept under {@code <data-dir>/collections/<name>}. Opens them
 * at start-up and refreshes their searchers periodically, so that searches see new passages while
 * an ingest is still running.
 *
 * <p>Creation builds the collection in a staging directory and renames it into place; deletion
 * renames it out of place before removing files. A crash in either leaves no half collection on
 * this disk (a SOLRCLOUD collection's Solr side is created first and deleted first, so a crash can
 * leave a Solr collection without settings here; creating the name again then says so).
 */
@Startup
@ApplicationScoped
public class CollectionRegistry {
  private static final Logger LOG = Logger.getLogger(CollectionRegistry.class);
  private static final String STAGING_PREFIX = ".staging-";
  private static final String DELETING_PREFIX = ".deleting-";

  private final Path root;
  private final EncoderCatalog encoders;
  private final PassageStores stores;
  private final Map<String, Collection> collections = new ConcurrentHashMap<>();
  private final ScheduledExecutorService refresher =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "collection-refresher");
            t.setDaemon(true);
            return t;
          });

  public CollectionRegistry(RetrieverConfig config, EncoderCatalog encoders, PassageStores stores)
      throws IOException {
    this.root = config.dataDir().resolve("collections").toAbsolutePath();
    this.encoders = encoders;
    this.stores = stores;
    Files.createDirectories(root);
    openExisting();
    refresher.scheduleWithFixedDelay(
        this::refreshAll,
        config.refreshIntervalMillis(),
        config.refreshIntervalMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void openExisting() throws IOException {
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path dir : dirs.sorted().toList()) {
        String name = dir.getFileName().toString();
        if (name.startsWith(STAGING_PREFIX) || name.startsWith(DELETING_PREFIX)) {
          // Left by a crash during create or delete: never acknowledged, or already deleted.
          Directories.deleteRecursively(dir);
        } else if (Files.isRegularFile(dir.resolve(Collection.SETTINGS_FILE))) {
          collections.put(name, Collection.open(dir, encoders, stores, LOG));
          LOG.infof("opened collection %s", name);
        }
      }
    }
  }

  public synchronized Collection create(CollectionSettings settings) {
    String name = CollectionName.validate(settings.name());
    if (collections.containsKey(name)) {
      throw new AlreadyExistsException("collection '" + name + "' already exists");
    }
    Path staging = root.resolve(STAGING_PREFIX + name);
    Path target = root.resolve(name);
    try {
      Directories.deleteRecursively(staging);
      Files.createDirectories(staging);
      try {
        Collection.create(staging, settings, encoders, stores);
      } catch (RuntimeException e) {
        Directories.deleteRecursively(staging);
        throw e;
      }
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      AtomicFiles.syncDirectory(root);
      Collection opened = Collection.open(target, encoders, stores, LOG);
      collections.put(name, opened);
      LOG.infof("created collection %s", name);
      return opened;
    } catch (IOException e) {
      throw new UncheckedIOException("creating collection " + name + " failed", e);
    }
  }

  public Collection get(String name) {
    CollectionName.validate(name);
    Collection c = collections.get(name);
    if (c == null) {
      throw new NotFoundException(
          "collection '" + name + "' does not exist: create it first, or list collections");
    }
    return c;
  }

  public List<Collection> list() {
    return collections.values().stream().sorted(Comparator.comparing(Collection::name)).toList();
  }

  public synchronized void delete(String name) {
    Collection c = get(name);
    Path doomed = root.resolve(DELETING_PREFIX + name + "-" + System.nanoTime());
    try {
      // The backend's data first: if its engine cannot be reached, the collection stays as it was.
      c.drop();
      collections.remove(name);
      Files.move(c.directory(), doomed, StandardCopyOption.ATOMIC_MOVE);
      AtomicFiles.syncDirectory(root);
      Directories.deleteRecursively(doomed);
      LOG.infof("deleted collection %s", name);
    } catch (IOException e) {
      throw new UncheckedIOException("deleting collection " + name + " failed", e);
    }
  }

  private void refreshAll() {
    for (Collection c : collections.values()) {
      try {
        c.maybeRefresh();
      } catch (RuntimeException e) {
        LOG.warnf("refreshing collection %s failed: %s", c.name(), e.getMessage());
      }
    }
  }

  @PreDestroy
  public void close() {
    refresher.shutdownNow();
    for (Collection c : collections.values()) {
      try {
        c.close();
      } catch (IOException e) {
        LOG.warnf("closing collection %s failed: %s", c.name(), e.getMessage());
      }
    }
    collections.clear();
  }
}
