package dev.metarag.it.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The resident set size of a process (VmRSS in /proc), sampled every half second while a load runs:
 * a leak shows as growth after the warm-up, which the first samples cannot show.
 */
public final class ResidentMemory implements AutoCloseable {
  private final long pid;
  private final List<Long> samplesKib = Collections.synchronizedList(new ArrayList<>());
  private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();

  private ResidentMemory(long pid) {
    this.pid = pid;
    sampler.scheduleAtFixedRate(this::sample, 0, 500, TimeUnit.MILLISECONDS);
  }

  /** Starts sampling the process. */
  public static ResidentMemory sample(long pid) {
    return new ResidentMemory(pid);
  }

  /** The current VmRSS of a process in MiB, or -1 when /proc does not tell (not Linux, gone). */
  public static double mib(long pid) {
    long kib = kib(pid);
    return kib < 0 ? -1 : kib / 1024.0;
  }

  private static long kib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // the process is gone, or this is not Linux
    }
    return -1;
  }

  private void sample() {
    long kib = kib(pid);
    if (kib >= 0) {
      samplesKib.add(kib);
    }
  }

  /**
   * The highest sample among the given fraction of the run, e.g. (0.5, 1.0) for its second half.
   */
  public double peakMib(double fromFraction, double toFraction) {
    List<Long> all;
    synchronized (samplesKib) {
      all = List.copyOf(samplesKib);
    }
    int from = (int) Math.floor(fromFraction * all.size());
    int to = Math.max(from + 1, (int) Math.ceil(toFraction * all.size()));
    return all.subList(Math.min(from, all.size()), Math.min(to, all.size())).stream()
            .mapToLong(Long::longValue)
            .max()
            .orElse(-1)
        / 1024.0;
  }

  public int sampleCount() {
    return samplesKib.size();
  }

  @Override
  public void close() throws InterruptedException {
    sampler.shutdownNow();
    sampler.awaitTermination(5, TimeUnit.SECONDS);
  }
}
