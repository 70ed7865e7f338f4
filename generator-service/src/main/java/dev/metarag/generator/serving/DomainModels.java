package dev.metarag.generator.serving;

import dev.metarag.inference.swap.HotSwap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The version each domain serves, behind one {@link HotSwap} per domain. A domain's model loads on
 * its first request; from then on {@link #follow} (the registry watcher) replaces it when the
 * registry says so. Requests hold a lease for their whole duration, so the replaced sessions close
 * only after the last request that started with them has finished.
 */
public final class DomainModels implements AutoCloseable {
  private final LoadedModels loaded;
  private final VersionChooser chooser;
  private final LongSupplier clockMillis;
  private final ConcurrentHashMap<String, CompletableFuture<HotSwap<ServedModel>>> slots =
      new ConcurrentHashMap<>();

  public DomainModels(LoadedModels loaded, VersionChooser chooser, LongSupplier clockMillis) {
    this.loaded = loaded;
    this.chooser = chooser;
    this.clockMillis = clockMillis;
  }

  /** The domain's model for one request, loading it if this is the domain's first request. */
  public ModelLease lease(String domain) {
    HotSwap.Lease<ServedModel> lease = slot(domain).acquire();
    return new ModelLease(lease.get(), lease);
  }

  /** What the domain serves now; empty when it has not been asked anything yet. */
  public Optional<ServedModel> current(String domain) {
    CompletableFuture<HotSwap<ServedModel>> slot = slots.get(domain);
    if (slot == null || !slot.isDone() || slot.isCompletedExceptionally()) {
      return Optional.empty();
    }
    return Optional.of(slot.join().peek());
  }

  /** Domains with a loaded model. */
  public List<String> domains() {
    return slots.entrySet().stream()
        .filter(e -> e.getValue().isDone() && !e.getValue().isCompletedExceptionally())
        .map(java.util.Map.Entry::getKey)
        .sorted()
        .toList();
  }

  /**
   * Makes a loaded domain serve {@code wanted} if it serves something else: loads the new sessions
   * on the calling thread, then swaps them in at once.
   *
   * @return true when the domain changed version
   */
  public boolean follow(String domain, Choice wanted) {
    Optional<ServedModel> now = current(domain);
    if (now.isEmpty() || now.get().choice().equals(wanted)) {
      return false;
    }
    ServedModel next = open(domain, wanted);
    slots.get(domain).join().swap(next);
    return true;
  }

  private HotSwap<ServedModel> slot(String domain) {
    CompletableFuture<HotSwap<ServedModel>> mine = new CompletableFuture<>();
    CompletableFuture<HotSwap<ServedModel>> existing = slots.putIfAbsent(domain, mine);
    if (existing != null) {
      try {
        return existing.join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
    try {
      mine.complete(new HotSwap<>(open(domain, chooser.served(domain)), DomainModels::release));
    } catch (RuntimeException | Error e) {
      // The next request tries again (the registry or the package may be fixed by then).
      slots.remove(domain, mine);
      mine.completeExceptionally(e);
      throw e;
    }
    return mine.join();
  }

  private ServedModel open(String domain, Choice choice) {
    return new ServedModel(
        domain, choice, loaded.retain(choice.version()), clockMillis.getAsLong());
  }

  private static void release(ServedModel model) {
    model.handle().close();
  }

  @Override
  public void close() {
    for (CompletableFuture<HotSwap<ServedModel>> slot : slots.values()) {
      if (slot.isDone() && !slot.isCompletedExceptionally()) {
        slot.join().close();
      }
    }
    slots.clear();
  }
}
