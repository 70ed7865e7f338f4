package dev.metarag.registry;

import static dev.metarag.registry.TestPackages.adapt;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrencyTest {
  private static final int THREADS = 4;
  private static final int CALLS_PER_THREAD = 25;

  @TempDir Path root;

  @Test
  void concurrentPromotionsOfOneDomainLoseNoHistory() throws Exception {
    VersionRegistry registry = new VersionRegistry(root);
    List<String> versions = IntStream.range(0, 5).mapToObj(i -> adapt(registry, "law")).toList();
    List<String> swaps = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger swapping = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    SwapHook hook =
        next -> {
          if (swapping.incrementAndGet() > 1) {
            overlaps.incrementAndGet();
          }
          swaps.add(next.orElseThrow().version());
          swapping.decrementAndGet();
        };

    runConcurrently(
        thread -> {
          Random random = new Random(thread);
          for (int i = 0; i < CALLS_PER_THREAD; i++) {
            registry.promote("law", versions.get(random.nextInt(versions.size())), hook);
          }
          return null;
        });

    // Every swap that happened is on record, in order: the stack below the active version.
    assertThat(overlaps).hasValue(0);
    assertThat(swaps).isNotEmpty();
    VersionRegistry reopened = new VersionRegistry(root);
    assertThat(reopened.activeVersion("law")).hasValue(swaps.get(swaps.size() - 1));
    assertThat(reopened.promotionHistory("law")).isEqualTo(swaps.subList(0, swaps.size() - 1));
  }

  @Test
  void concurrentReservationsNeverShareANumber() throws Exception {
    VersionRegistry registry = new VersionRegistry(root);
    List<String> reserved = Collections.synchronizedList(new ArrayList<>());

    runConcurrently(
        thread -> {
          for (int i = 0; i < CALLS_PER_THREAD; i++) {
            reserved.add(registry.reserveAdaptedVersion("law"));
          }
          return null;
        });

    assertThat(reserved)
        .hasSize(THREADS * CALLS_PER_THREAD)
        .doesNotHaveDuplicates()
        .contains("law-v1", "law-v" + THREADS * CALLS_PER_THREAD);
  }

  @Test
  void concurrentTheta0AndGeneralReservationsNeverShareANumber() throws Exception {
    VersionRegistry registry = new VersionRegistry(root);
    List<String> reserved = Collections.synchronizedList(new ArrayList<>());

    runConcurrently(
        thread -> {
          for (int i = 0; i < CALLS_PER_THREAD; i++) {
            reserved.add(
                (thread + i) % 2 == 0
                    ? registry.reserveGeneralVersion()
                    : registry.reserveTheta0Version());
          }
          return null;
        });

    int each = THREADS * CALLS_PER_THREAD / 2;
    assertThat(reserved).hasSize(THREADS * CALLS_PER_THREAD).doesNotHaveDuplicates();
    assertThat(reserved).contains("general-" + each, "theta0-" + each);
    assertThat(reserved).doesNotContain("general-" + (each + 1), "theta0-" + (each + 1));
  }

  /** Runs the body on every thread at once and rethrows the first failure. */
  private static void runConcurrently(ThreadBody body) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Void>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        Callable<Void> task =
            () -> {
              start.await();
              return body.run(thread);
            };
        done.add(pool.submit(task));
      }
      start.countDown();
      for (Future<Void> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @FunctionalInterface
  private interface ThreadBody {
    Void run(int thread) throws Exception;
  }
}
