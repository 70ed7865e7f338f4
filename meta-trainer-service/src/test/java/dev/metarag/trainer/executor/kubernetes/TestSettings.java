package dev.metarag.trainer.executor.kubernetes;

import dev.metarag.proto.v1.ExecutorKind;
import dev.metarag.proto.v1.JobSpec;
import dev.metarag.proto.v1.KubernetesExecutorSpec;
import dev.metarag.trainer.config.TrainerConfig;
import dev.metarag.trainer.executor.WorkerLaunch;
import dev.metarag.trainer.executor.WorkerListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Settings, launches and a recording listener shared by the KUBERNETES executor's tests. */
final class TestSettings {
  static final Path SERVICE_MOUNT = Path.of("/srv/metarag");
  static final Path DATA_DIR = SERVICE_MOUNT.resolve("meta-trainer");
  static final String POD_MOUNT = "/var/lib/metarag";

  private TestSettings() {}

  record Settings(
      boolean enabled,
      String namespace,
      List<String> command,
      String volumeClaim,
      String mountPath,
      Optional<Path> serviceMountPath,
      String defaultCpu,
      String defaultMemory,
      int defaultTtlSecondsAfterFinished,
      Map<String, String> env)
      implements TrainerConfig.Kubernetes {}

  static Settings settings(boolean enabled) {
    return new Settings(
        enabled,
        "metarag",
        List.of("/opt/metarag/bin/meta-trainer-worker", "--quiet"),
        "metarag-shared",
        POD_MOUNT,
        Optional.of(SERVICE_MOUNT),
        "2",
        "6Gi",
        3600,
        Map.of("OMP_NUM_THREADS", "4", "JAVA_TOOL_OPTIONS", "-Xmx5g"));
  }

  static Path jobDirectory(String jobId) {
    return DATA_DIR.resolve("jobs").resolve(jobId);
  }

  static WorkerLaunch launch(String jobId, KubernetesExecutorSpec.Builder k) {
    JobSpec spec =
        JobSpec.newBuilder()
            .setExecutor(ExecutorKind.EXECUTOR_KIND_KUBERNETES)
            .setKubernetes(k)
            .build();
    return new WorkerLaunch(jobId, jobDirectory(jobId), spec);
  }

  static KubernetesExecutorSpec.Builder minimal() {
    return KubernetesExecutorSpec.newBuilder()
        .setImage("registry.example.com/metarag-worker:0.1.0")
        .setNamespace("ml");
  }

  /** Writes down every listener call, in order. */
  static final class Recorder implements WorkerListener {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void running() {
      events.add("running");
    }

    @Override
    public void restarting(String reason) {
      events.add("restarting: " + reason);
    }

    @Override
    public void finished(boolean succeeded, String message) {
      events.add("finished " + (succeeded ? "ok" : "failed") + ": " + message);
    }
  }
}
