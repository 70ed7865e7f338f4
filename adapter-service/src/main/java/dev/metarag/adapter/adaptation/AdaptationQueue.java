package dev.metarag.adapter.adaptation;

import dev.metarag.adapter.grpc.Statuses;
import dev.metarag.proto.v1.AdaptResponse;
import dev.metarag.registry.RegisteredVersion;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Runs adaptations one at a time on one thread, off the gRPC threads: the training engine allows
 * one gradient recorder per thread, and each adaptation holds a model's activations in native
 * memory. A domain has at most one adaptation waiting or running (another is FAILED_PRECONDITION),
 * and at most {@code maxQueued} wait behind the running one (beyond: RESOURCE_EXHAUSTED).
 */
public final class AdaptationQueue implements AutoCloseable {
  private final AdaptationWork run;
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "adaptation");
            t.setDaemon(true);
            return t;
          });
  private final Semaphore places;
  private final Object baseMarks = new Object();
  private final Set<String> busyDomains = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<String, Integer> baseVersionsInUse = new ConcurrentHashMap<>();

  public AdaptationQueue(AdaptationWork run, int maxQueued) {
    this.run = run;
    this.places = new Semaphore(maxQueued + 1);
  }

  /**
   * Queues an adaptation; the future completes with its result or fails with a gRPC status.
   *
   * @throws io.grpc.StatusRuntimeException FAILED_PRECONDITION when the domain already has one,
   *     RESOURCE_EXHAUSTED when the queue is full, or the plan's base version is unknown
   */
  public CompletableFuture<AdaptResponse> submit(AdaptPlan plan, ProgressSink sink) {
    if (!busyDomains.add(plan.domain())) {
      throw Statuses.failedPrecondition(
          "an adaptation of domain '"
              + plan.domain()
              + "' is already running or queued; wait for it to finish");
    }
    if (!places.tryAcquire()) {
      busyDomains.remove(plan.domain());
      throw Statuses.exhausted(
          "too many adaptations are waiting (metarag.adapter.max-queued-adaptations); retry later");
    }
    RegisteredVersion base;
    // Resolving and marking the base is one step for deletions (deleteUnlessInUse): a version
    // deleted between the two would otherwise leave the adaptation without its base.
    synchronized (baseMarks) {
      try {
        base = run.resolveBase(plan);
      } catch (RuntimeException e) {
        release(plan, null);
        throw e;
      }
      baseVersionsInUse.merge(base.version(), 1, Integer::sum);
    }
    CompletableFuture<AdaptResponse> result = new CompletableFuture<>();
    thread.execute(
        () -> {
          // Places and marks are given back before the caller hears the outcome, so that a
          // caller may start the domain's next adaptation as soon as this one has answered.
          AdaptResponse response;
          try {
            response = run.run(plan, base, sink);
          } catch (Throwable t) {
            release(plan, base);
            result.completeExceptionally(t);
            run.afterRun();
            return;
          }
          release(plan, base);
          result.complete(response);
          run.afterRun();
        });
    return result;
  }

  /** Whether a queued or running adaptation starts from this version (it must not be deleted). */
  public boolean inUse(String version) {
    return baseVersionsInUse.containsKey(version);
  }

  /**
   * Runs a deletion that checks {@link #inUse} while no adaptation is between resolving its base
   * and marking it in use, so that the check cannot miss an adaptation about to start from it.
   */
  public <T> T deleteUnlessInUse(Function<Predicate<String>, T> deletion) {
    synchronized (baseMarks) {
      return deletion.apply(this::inUse);
    }
  }

  private void release(AdaptPlan plan, RegisteredVersion base) {
    if (base != null) {
      baseVersionsInUse.computeIfPresent(base.version(), (v, n) -> n == 1 ? null : n - 1);
    }
    busyDomains.remove(plan.domain());
    places.release();
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
