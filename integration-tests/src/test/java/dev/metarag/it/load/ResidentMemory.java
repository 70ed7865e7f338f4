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
 * The anonymous resident memory of a process (RssAnon in /proc: heap, thread stacks, malloc'd
 * native memory), sampled every half second while a load runs: a leak shows as growth after the
 * warm-up, which the first samples cannot show. File-backed pages (Lucene's memory-mapped index,
 * the ONNX model) are left out: they are the kernel's page cache, grow as a load touches more of
 * the index and are given back under pressure, so they say nothing about a leak.
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

  private static long kib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("RssAnon:")) {
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
