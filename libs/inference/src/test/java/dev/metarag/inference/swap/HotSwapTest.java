package dev.metarag.inference.swap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HotSwapTest {

  /** A resource that knows whether it was closed. */
  static final class Resource {
    final int generation;
    final AtomicBoolean closed = new AtomicBoolean();

    Resource(int generation) {
      this.generation = generation;
    }
  }

  @Test
  void theOldResourceClosesOnlyAfterItsLastLease() {
    Resource first = new Resource(1);
    HotSwap<Resource> swap = new HotSwap<>(first, r -> r.closed.set(true));

    HotSwap.Lease<Resource> inFlight = swap.acquire();
    swap.swap(new Resource(2));

    assertThat(first.closed).isFalse();
    assertThat(swap.acquire().get().generation).isEqualTo(2);
    inFlight.close();
    assertThat(first.closed).isTrue();
  }

  @Test
  void aSwapWithoutLeasesClosesTheOldResourceAtOnce() {
    Resource first = new Resource(1);
    HotSwap<Resource> swap = new HotSwap<>(first, r -> r.closed.set(true));

    swap.swap(new Resource(2));

    assertThat(first.closed).isTrue();
  }

  @Test
  void concurrentRequestsNeverSeeAClosedResource() throws Exception {
    List<Resource> all = new ArrayList<>();
    Resource initial = new Resource(0);
    all.add(initial);
    HotSwap<Resource> swap = new HotSwap<>(initial, r -> r.closed.set(true));
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch started = new CountDownLatch(4);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> readers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      readers.add(
          pool.submit(
              () -> {
                started.countDown();
                while (!stop.get()) {
                  try (HotSwap.Lease<Resource> lease = swap.acquire()) {
                    if (lease.get().closed.get()) {
                      failures.add("saw closed generation " + lease.get().generation);
                    }
                  }
                }
              }));
    }
    started.await();
    for (int g = 1; g <= 2000; g++) {
      Resource next = new Resource(g);
      all.add(next);
      swap.swap(next);
    }
    stop.set(true);
    for (Future<?> f : readers) {
      f.get(10, TimeUnit.SECONDS);
    }
    pool.shutdown();

    assertThat(failures).isEmpty();
    assertThat(all.subList(0, all.size() - 1)).allMatch(r -> r.closed.get());
    assertThat(all.get(all.size() - 1).closed).isFalse();
  }
}
