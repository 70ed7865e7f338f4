package dev.metarag.generator.retrieval;

import dev.metarag.proto.v1.CollectionInfo;
import io.grpc.Deadline;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The retriever's description of each domain's collection, reused for a short time: every answer
 * needs to know the collection exists and which encoder embeds its queries, and asking the
 * retriever each time would add a round trip to every request.
 */
public final class CollectionCache {
  private final RetrieverClient retriever;
  private final long ttlNanos;
  private final LongSupplier nanoClock;
  private final ConcurrentHashMap<String, Cached> byDomain = new ConcurrentHashMap<>();

  public CollectionCache(RetrieverClient retriever, Duration ttl, LongSupplier nanoClock) {
    this.retriever = retriever;
    this.ttlNanos = ttl.toNanos();
    this.nanoClock = nanoClock;
  }

  /**
   * The domain's collection; NOT_FOUND (from the retriever) when it has none.
   *
   * @param caller the caller's deadline, or null
   */
  public CollectionInfo describe(String domain, Deadline caller) {
    Cached c = byDomain.get(domain);
    long now = nanoClock.getAsLong();
    if (c != null && now - c.fetchedAtNanos < ttlNanos) {
      return c.info;
    }
    CollectionInfo info = retriever.describe(domain, caller);
    byDomain.put(domain, new Cached(info, now));
    return info;
  }

  /** Forgets what is known about a domain, after the retriever was seen to have changed. */
  public void invalidate(String domain) {
    byDomain.remove(domain);
  }

  private record Cached(CollectionInfo info, long fetchedAtNanos) {}
}
