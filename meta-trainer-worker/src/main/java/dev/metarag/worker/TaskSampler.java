package dev.metarag.worker;

import dev.metarag.training.rag.RagExample;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Draws the tasks of a meta-step: which domains (uniformly, or in proportion to their size), and
 * for each a support set and a disjoint query set from its training pool. Every draw depends only
 * on the job's seed and the step number, so a worker resumed from a checkpoint draws exactly the
 * tasks the lost worker would have.
 */
final class TaskSampler {
  /** One task: a domain's support and query sets. */
  record Task(String domain, List<RagExample> support, List<RagExample> query) {}

  private final List<DomainTasks> domains;
  private final boolean proportional;
  private final int supportSize;
  private final int querySize;
  private final long seed;

  TaskSampler(
      List<DomainTasks> domains, boolean proportional, int supportSize, int querySize, long seed) {
    this.domains = domains;
    this.proportional = proportional;
    this.supportSize = supportSize;
    this.querySize = querySize;
    this.seed = seed;
  }

  /** The tasks of meta-step {@code step} (1-based). */
  List<Task> tasks(long step, int count) {
    Random random = new Random(mix(seed * 1_000_003L + step));
    List<Task> tasks = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      DomainTasks d = pickDomain(random);
      List<RagExample> pool = new ArrayList<>(d.training());
      Collections.shuffle(pool, random);
      int support = Math.min(supportSize, pool.size() / 2);
      int query = Math.min(querySize, pool.size() - support);
      tasks.add(
          new Task(d.name(), pool.subList(0, support), pool.subList(support, support + query)));
    }
    return tasks;
  }

  /**
   * SplitMix64's finaliser: java.util.Random's first draws for consecutive seeds are strongly
   * correlated, which skewed the domain choice of consecutive steps.
   */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  private DomainTasks pickDomain(Random random) {
    if (!proportional) {
      return domains.get(random.nextInt(domains.size()));
    }
    long total = domains.stream().mapToLong(d -> d.training().size()).sum();
    long ticket = (long) (random.nextDouble() * total);
    for (DomainTasks d : domains) {
      ticket -= d.training().size();
      if (ticket < 0) {
        return d;
      }
    }
    return domains.get(domains.size() - 1);
  }
}
