package dev.metarag.bench.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A one-line description of the machine, written beside every figure. */
public final class Machine {
  private Machine() {}

  public static String describe() {
    String cpu = "unknown CPU";
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      cpu =
          lines
              .filter(l -> l.startsWith("model name"))
              .findFirst()
              .map(l -> l.split(":", 2)[1].trim())
              .orElse(cpu);
    } catch (IOException e) {
      // not Linux: keep the placeholder
    }
    long memoryGiB = 0;
    try (Stream<String> lines = Files.lines(Path.of("/proc/meminfo"))) {
      memoryGiB =
          lines
                  .filter(l -> l.startsWith("MemTotal"))
                  .findFirst()
                  .map(l -> Long.parseLong(l.replaceAll("\\D", "")))
                  .orElse(0L)
              / (1024 * 1024);
    } catch (IOException e) {
      // not Linux
    }
    return String.format(
        "%s, %d cores, %d GiB, %s %s, Java %s",
        cpu,
        Runtime.getRuntime().availableProcessors(),
        memoryGiB,
        System.getProperty("os.name"),
        System.getProperty("os.version"),
        System.getProperty("java.version"));
  }
}
