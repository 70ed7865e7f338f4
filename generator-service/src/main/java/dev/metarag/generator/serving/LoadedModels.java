package dev.metarag.generator.serving;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Every version loaded in this process, shared by reference count: domains that serve the same
 * version (the default model, typically) and pinned requests for it use one set of sessions. A
 * version loads on its first {@link #retain} and closes when its last {@link ModelHandle} is
 * released, so nothing closes sessions that someone still holds.
 */
public final class LoadedModels {
  private final Function<String, ServingSessions> loader;
  private final Map<String, Entry> entries = new HashMap<>();

  public LoadedModels(Function<String, ServingSessions> loader) {
    this.loader = loader;
  }

  /**
   * A reference to the version's sessions, loading them first when no one holds them. Concurrent
   * callers for the same version wait for one load; other versions are not held up.
   */
  public ModelHandle retain(String version) {
    Entry entry;
    boolean loadHere;
    synchronized (this) {
      entry = entries.get(version);
      loadHere = entry == null;
      if (loadHere) {
        entry = new Entry(version);
        entries.put(version, entry);
      }
      entry.references++;
    }
    if (loadHere) {
      try {
        entry.sessions.complete(loader.apply(version));
      } catch (RuntimeException | Error e) {
        forget(entry);
        entry.sessions.completeExceptionally(e);
        throw e;
      }
    }
    try {
      return new ModelHandle(this, entry, entry.sessions.join());
    } catch (CompletionException e) {
      // Another caller's load failed; the entry is gone already.
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /** The versions loaded now, for status and tests. */
  public synchronized List<String> versions() {
    return List.copyOf(entries.keySet());
  }

  synchronized void addReference(Entry entry) {
    if (entry.references == 0) {
      throw new IllegalStateException("model version " + entry.version + " is closed already");
    }
    entry.references++;
  }

  void release(Entry entry) {
    boolean last;
    synchronized (this) {
      last = --entry.references == 0;
      if (last) {
        entries.remove(entry.version, entry);
      }
    }
    if (last) {
      // Closed outside the lock: closing native sessions takes a while.
      entry.sessions.join().close();
    }
  }

  private synchronized void forget(Entry entry) {
    entries.remove(entry.version, entry);
  }

  /** One loaded (or loading) version and how many handles hold it. */
  static final class Entry {
    final String version;
    final CompletableFuture<ServingSessions> sessions = new CompletableFuture<>();
    int references;

    Entry(String version) {
      this.version = version;
    }
  }
}
