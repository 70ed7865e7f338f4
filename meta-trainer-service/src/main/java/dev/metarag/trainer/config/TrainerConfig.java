package dev.metarag.trainer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Settings of the meta-trainer service, under {@code metarag.trainer}. */
@ConfigMapping(prefix = "metarag.trainer")
public interface TrainerConfig {

  /**
   * The retriever whose collections give each domain's retrieval candidates, as host:port (TLS and
   * API key as metarag.client says).
   */
  @WithDefault("localhost:8101")
  String retriever();

  /** Job records and job directories live here. */
  Path dataDir();

  /** The model registry: theta0 packages are written here (a PVC on Kubernetes). */
  Path registryDir();

  /** Root of the named shared data sets (DatasetRef.name). */
  Path sharedData();

  /** Jobs running at once; StartJob beyond it is RESOURCE_EXHAUSTED. */
  @WithDefault("2")
  int maxConcurrentJobs();

  /**
   * The model a worker starts from when the spec says "base": {@code all-minilm-l6-v2}, or {@code
   * tiny} (a small random BERT, for tests and dry runs).
   */
  @WithDefault("all-minilm-l6-v2")
  String baseModel();

  Local local();

  Kubernetes kubernetes();

  /** The LOCAL executor: a worker JVM on this machine. */
  interface Local {
    /**
     * The worker distribution: a folder with meta-trainer-worker.jar and lib/ (the build's
     * meta-trainer-worker/target/worker).
     */
    @WithDefault("meta-trainer-worker/target/worker")
    Path workerHome();

    /** The java binary; empty means the one running this service. */
    Optional<String> javaCommand();

    /** Default maximum heap of a worker in MiB. */
    @WithDefault("4096")
    int maxHeapMib();

    /** Extra JVM options of the worker. */
    Optional<List<String>> jvmOptions();

    /** Times a crashed worker is restarted from its last checkpoint before the job fails. */
    @WithDefault("3")
    int maxRestarts();
  }

  /** The KUBERNETES executor: a batch/v1 Job per MetaRAG job. */
  interface Kubernetes {
    /** Whether the executor is offered; StartJob with it is FAILED_PRECONDITION when false. */
    @WithDefault("false")
    boolean enabled();

    /** Namespace of the Jobs when the spec names none. */
    @WithDefault("default")
    String namespace();

    /** The worker's command in the image; the job directory is appended as its last arguments. */
    @WithDefault("/opt/metarag/bin/meta-trainer-worker")
    List<String> command();

    /** Persistent volume claim holding job directories and the model registry. */
    @WithDefault("metarag-data")
    String volumeClaim();

    /** Where the claim is mounted in the worker pod. */
    @WithDefault("/var/lib/metarag")
    String mountPath();

    /**
     * Where this service sees the claim's root; job directories under it are passed to the pod
     * relative to it. Empty means the same path as {@link #mountPath()}.
     */
    Optional<Path> serviceMountPath();

    /** CPU request and limit when the spec gives none. */
    @WithDefault("4")
    String defaultCpu();

    /** Memory request and limit when the spec gives none. */
    @WithDefault("16Gi")
    String defaultMemory();

    /** ttlSecondsAfterFinished when the spec gives none. */
    @WithDefault("86400")
    int defaultTtlSecondsAfterFinished();

    /** Extra environment of the worker container. */
    Map<String, String> env();
  }
}
