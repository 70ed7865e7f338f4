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

  /** Root of the named shared data sets (DatasetRef.name); files under it may be given by path. */
  Path sharedData();

  /**
   * Where callers' data set files live: a DatasetRef.path must lie under this or {@link
   * #sharedData()}, and a relative one resolves here.
   */
  Path dataRoot();

  /** The settings that messages name when they refuse a path. */
  String DATA_ROOT = "metarag.trainer.data-root";

  String SHARED_DATA = "metarag.trainer.shared-data";

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

    /**
     * Extra environment of the worker container. DJL_CACHE_DIR and ENGINE_CACHE_DIR are always
     * {@link #cacheDir()}.
     */
    Map<String, String> env();

    // Service-wide defaults of a job's `kubernetes` spec: a field the request leaves empty or
    // unset takes these; StartJob returns the values used. Checked at start-up: a bad value stops
    // the service with a message naming the key.

    /**
     * Worker image (pinned tag or digest) when the spec names none. Empty: every KUBERNETES request
     * must name one.
     */
    Optional<String> defaultImage();

    /** GPUs per worker pod when the spec leaves gpus unset, 0 to 16. */
    @WithDefault("0")
    int defaultGpus();

    /** Extended resource name of a GPU when the spec gives none. */
    @WithDefault("nvidia.com/gpu")
    String defaultGpuResourceName();

    /**
     * Node selector of worker pods when the spec has none (a spec's selector replaces it whole).
     * Keys such as nvidia.com/gpu.present cannot be written as environment variables: set them in
     * application.properties, {@code default-node-selector."nvidia.com/gpu.present"=true}.
     */
    Map<String, String> defaultNodeSelector();

    /**
     * Tolerations of worker pods when the spec has none (a spec's list replaces it whole), as a
     * JSON list of pod-spec tolerations: {@code [{"key":"nvidia.com/gpu","operator":"Exists",
     * "effect":"NoSchedule"}]} (fields key, operator, value, effect, tolerationSeconds).
     */
    Optional<String> defaultTolerations();

    /** Service account of worker pods when the spec names none; empty: the namespace's default. */
    Optional<String> defaultServiceAccount();

    /** Job backoffLimit when the spec leaves it unset, 0 to 100. */
    @WithDefault("3")
    int defaultBackoffLimit();

    /** Job activeDeadlineSeconds when the spec leaves it unset; 0: none. */
    @WithDefault("0")
    long defaultActiveDeadlineSeconds();

    /**
     * Labels of every worker Job and pod; a spec's labels are added (its value wins for a key).
     * Like the node selector, keys with dots or slashes go in application.properties.
     */
    Map<String, String> defaultLabels();

    /**
     * Where the worker's DJL cache is (DJL_CACHE_DIR, ENGINE_CACHE_DIR): an emptyDir volume, since
     * the root filesystem is read-only. DJL extracts libtorch (about 460 MB) there.
     */
    @WithDefault("/var/cache/metarag/djl")
    String cacheDir();

    /** sizeLimit of the cache emptyDir; empty: none. */
    @WithDefault("2Gi")
    Optional<String> cacheSizeLimit();

    /** sizeLimit of the /tmp emptyDir (ONNX Runtime extracts its library there); empty: none. */
    @WithDefault("1Gi")
    Optional<String> tmpSizeLimit();

    /** The worker pods' security context. */
    PodSecurity podSecurity();
  }

  /**
   * The worker pods' security context: always non-root, no privilege escalation, every capability
   * dropped, seccomp RuntimeDefault (the Pod Security Standard "restricted").
   */
  interface PodSecurity {
    /**
     * runAsUser; the worker image's user is 10001, the services' too, so files on the shared claim
     * stay theirs. Empty: the image's user (or what the platform assigns, as on OpenShift).
     */
    @WithDefault("10001")
    Optional<Long> runAsUser();

    /** runAsGroup; empty: the image's group. */
    @WithDefault("10001")
    Optional<Long> runAsGroup();

    /** fsGroup: group owner of the volumes; empty: none. */
    @WithDefault("10001")
    Optional<Long> fsGroup();

    /** Read-only root filesystem; /tmp and the cache directory are writable emptyDir volumes. */
    @WithDefault("true")
    boolean readOnlyRootFilesystem();
  }
}
