package dev.metarag.bench.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's load averages: a benchmark that runs 2 threads on 2 cores sees about 2; more means
 * another process competed for the cores and the times are inflated.
 */
public final class SystemLoad {
  private SystemLoad() {}

  /** The 1, 5 and 15 minute load averages as /proc/loadavg gives them, or "unknown". */
  public static String averages() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return String.join(" ", fields[0], fields[1], fields[2]);
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
