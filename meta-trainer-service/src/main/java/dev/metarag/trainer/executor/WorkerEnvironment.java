package dev.metarag.trainer.executor;

import java.util.Map;

/**
 * Environment variables every worker gets, LOCAL process or Kubernetes Job, unless the operator's
 * configuration (the service's environment, {@code metarag.trainer.kubernetes.env}) sets them.
 *
 * <ul>
 *   <li>{@code OMP_WAIT_POLICY=PASSIVE}: OpenMP threads sleep between operators instead of
 *       spinning, which otherwise takes the cores from the services beside the worker.
 *   <li>{@code MALLOC_MMAP_THRESHOLD_}, {@code MALLOC_TRIM_THRESHOLD_}, {@code MALLOC_ARENA_MAX}:
 *       glibc keeps freed blocks in its heaps, and PyTorch's CPU activations, whose sizes change
 *       with every batch of a different length, piled up there: a general-reader run on SQuAD grew
 *       to 13 GB and was killed for memory on a 24 GB machine. Blocks of 1 MiB and more now come
 *       from and go back to the system directly; the run stayed between 4 and 8 GB.
 * </ul>
 */
public final class WorkerEnvironment {
  public static final Map<String, String> DEFAULTS =
      Map.of(
          "OMP_WAIT_POLICY", "PASSIVE",
          "MALLOC_MMAP_THRESHOLD_", "1048576",
          "MALLOC_TRIM_THRESHOLD_", "16777216",
          "MALLOC_ARENA_MAX", "2");

  private WorkerEnvironment() {}

  /** Adds each default the environment does not already set. */
  public static void applyDefaults(Map<String, String> environment) {
    DEFAULTS.forEach(environment::putIfAbsent);
  }
}
