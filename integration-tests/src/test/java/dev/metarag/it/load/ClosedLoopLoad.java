package dev.metarag.it.load;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * N clients, each calling as soon as its previous call returned, for a fixed time. Every call's
 * latency and status is kept: a load test fails on any error, so it must know each one.
 */
public final class ClosedLoopLoad {
  private ClosedLoopLoad() {}

  /** What one run did. */
  public record Result(
      int clients, double seconds, long[] latenciesNanos, Map<Status.Code, Integer> errors) {

    public long calls() {
      return latenciesNanos.length + errors.values().stream().mapToLong(Integer::longValue).sum();
    }

    public long errorCount() {
      return errors.values().stream().mapToLong(Integer::longValue).sum();
    }

    public double callsPerSecond() {
      return calls() / seconds;
    }

    /** The p-th percentile (nearest rank) of the successful calls, in milliseconds. */
    public double percentileMillis(double p) {
      if (latenciesNanos.length == 0) {
        return Double.NaN;
      }
      int rank = (int) Math.ceil(p / 100.0 * latenciesNanos.length);
      return latenciesNanos[Math.max(0, Math.min(latenciesNanos.length - 1, rank - 1))] / 1e6;
    }
  }

  /**
   * Runs {@code clients} loops of {@code call} for {@code duration}; the loop's index tells each
   * call which client it is (to vary the requests).
   */
  public static Result run(int clients, Duration duration, IntConsumer call) throws Exception {
    long end = System.nanoTime() + duration.toNanos();
    List<ClientTally> tallies = new ArrayList<>();
    long started = System.nanoTime();
    try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
      List<Future<?>> loops = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        ClientTally tally = new ClientTally();
        tallies.add(tally);
        int client = c;
        loops.add(pool.submit(() -> loop(client, end, call, tally)));
      }
      for (Future<?> loop : loops) {
        loop.get();
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    long[] latencies =
        tallies.stream().flatMapToLong(t -> Arrays.stream(t.latencies, 0, t.count)).toArray();
    Arrays.sort(latencies);
    Map<Status.Code, Integer> errors = new TreeMap<>();
    tallies.forEach(t -> t.errors.forEach((code, n) -> errors.merge(code, n, Integer::sum)));
    return new Result(clients, seconds, latencies, errors);
  }

  private static void loop(int client, long end, IntConsumer call, ClientTally tally) {
    while (System.nanoTime() < end) {
      long t = System.nanoTime();
      try {
        call.accept(client);
        tally.add(System.nanoTime() - t);
      } catch (StatusRuntimeException e) {
        tally.errors.merge(e.getStatus().getCode(), 1, Integer::sum);
      }
    }
  }

  /** One client's latencies and errors, written by its thread only. */
  private static final class ClientTally {
    long[] latencies = new long[1024];
    int count;
    final Map<Status.Code, Integer> errors = new TreeMap<>();

    void add(long nanos) {
      if (count == latencies.length) {
        latencies = Arrays.copyOf(latencies, count * 2);
      }
      latencies[count++] = nanos;
    }
  }
}
