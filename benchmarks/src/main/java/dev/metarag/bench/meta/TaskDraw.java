package dev.metarag.bench.meta;

import dev.metarag.training.meta.MetaTask;
import dev.metarag.training.rag.RagExample;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Draws a meta-step's tasks like the worker's sampler: a domain uniformly, then disjoint support
 * and query sets from its pool. A draw depends only on the seed and the step, so every algorithm
 * sees the same tasks at the same step.
 */
final class TaskDraw {
  private final List<DomainPools.Pool> pools;
  private final int support;
  private final int query;
  private final long seed;

  TaskDraw(List<DomainPools.Pool> pools, int support, int query, long seed) {
    this.pools = pools;
    this.support = support;
    this.query = query;
    this.seed = seed;
  }

  /** The tasks of meta-step {@code step} (1-based). */
  List<MetaTask<List<RagExample>>> tasks(long step, int count) {
    Random random = new Random(mix(seed * 1_000_003L + step));
    List<MetaTask<List<RagExample>>> tasks = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      DomainPools.Pool pool = pools.get(random.nextInt(pools.size()));
      List<RagExample> shuffled = new ArrayList<>(pool.examples());
      Collections.shuffle(shuffled, random);
      int s = Math.min(support, shuffled.size() / 2);
      int q = Math.min(query, shuffled.size() - s);
      tasks.add(
          new MetaTask<>(
              pool.domain(),
              List.copyOf(shuffled.subList(0, s)),
              List.copyOf(shuffled.subList(s, s + q))));
    }
    return tasks;
  }

  /** SplitMix64's finaliser, so that consecutive steps draw uncorrelated tasks. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
