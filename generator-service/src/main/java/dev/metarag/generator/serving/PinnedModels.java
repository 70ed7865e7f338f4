package dev.metarag.generator.serving;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Versions that requests pinned, the most recently used kept loaded (a bounded LRU). The cache
 * holds a reference of its own and each request another, so evicting a version closes its sessions
 * only once the requests using it are done.
 */
public final class PinnedModels implements AutoCloseable {
  private final LoadedModels loaded;
  private final int capacity;
  private final LinkedHashMap<String, ModelHandle> recent = new LinkedHashMap<>(16, 0.75f, true);

  public PinnedModels(LoadedModels loaded, int capacity) {
    this.loaded = loaded;
    this.capacity = Math.max(0, capacity);
  }

  /** The pinned version for one request, loading it when neither this cache nor a domain has it. */
  public ModelLease lease(String domain, Choice pinned) {
    ModelHandle request = loaded.retain(pinned.version());
    List<ModelHandle> evicted = new ArrayList<>();
    synchronized (recent) {
      if (capacity > 0 && !recent.containsKey(pinned.version())) {
        recent.put(pinned.version(), request.share());
      } else {
        recent.get(pinned.version()); // marks it recently used
      }
      var it = recent.entrySet().iterator();
      while (recent.size() > capacity && it.hasNext()) {
        Map.Entry<String, ModelHandle> eldest = it.next();
        evicted.add(eldest.getValue());
        it.remove();
      }
    }
    // Released outside the lock: the last release closes native sessions.
    evicted.forEach(ModelHandle::close);
    return new ModelLease(new ServedModel(domain, pinned, request, 0), request);
  }

  /** Versions the cache keeps loaded, least recently used first. */
  public List<String> versions() {
    synchronized (recent) {
      return List.copyOf(recent.keySet());
    }
  }

  @Override
  public void close() {
    List<ModelHandle> all;
    synchronized (recent) {
      all = new ArrayList<>(recent.values());
      recent.clear();
    }
    all.forEach(ModelHandle::close);
  }
}
