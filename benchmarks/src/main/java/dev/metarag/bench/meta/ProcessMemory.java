package dev.metarag.bench.meta;

import dev.metarag.training.memory.NativeHeap;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's memory as Linux and the JVM see it. Resident memory (VmRSS) and its peak (VmHWM)
 * include native allocations, where libtorch keeps every tensor; the heap figures cover only Java
 * objects.
 */
final class ProcessMemory {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

  private ProcessMemory() {}

  /**
   * Hands the C allocator's free memory back to the kernel ({@link NativeHeap#trim}), so that
   * resident memory measured right after counts live allocations rather than what the allocator
   * keeps for reuse; false where there is no such function.
   */
  static boolean trimNativeHeap() {
    return NativeHeap.trim();
  }

  /** Resident memory now, in MiB (0 where /proc is unavailable). */
  static double rssMiB() {
    return statusKiB("VmRSS:") / 1024.0;
  }

  /** The peak of resident memory since start or since the last {@link #resetPeak}, in MiB. */
  static double peakRssMiB() {
    return statusKiB("VmHWM:") / 1024.0;
  }

  /**
   * Resets the peak to the current resident memory (Linux 4.0 and later), so that a later peak
   * covers only what follows; false where the kernel refuses.
   */
  static boolean resetPeak() {
    try {
      Files.writeString(CLEAR_REFS, "5");
      return true;
    } catch (IOException | SecurityException e) {
      return false;
    }
  }

  /** Heap in use now, in MiB. */
  static double heapUsedMiB() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024);
  }

  /** The sum of the heap pools' peaks since the last {@link #resetHeapPeak}, in MiB. */
  static double heapPeakMiB() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum / (1024.0 * 1024);
  }

  static void resetHeapPeak() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  private static long statusKiB(String field) {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return 0;
  }
}
