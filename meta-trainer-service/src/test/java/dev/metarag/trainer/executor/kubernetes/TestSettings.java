package dev.metarag.trainer.executor.kubernetes;

import dev.metarag.proto.v1.DatasetRef;
import dev.metarag.proto.v1.ExecutorKind;
import dev.metarag.proto.v1.JobSpec;
import dev.metarag.proto.v1.KubernetesExecutorSpec;
import dev.metarag.proto.v1.SourceDomain;
import dev.metarag.trainer.config.TrainerConfig;
import dev.metarag.trainer.executor.WorkerLaunch;
import dev.metarag.trainer.executor.WorkerListener;
import dev.metarag.trainer.spec.JobSpecValidator;
import dev.metarag.trainer.spec.KubernetesDefaults;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Settings, launches and a recording listener shared by the KUBERNETES executor's tests. */
final class TestSettings {
  static final Path SERVICE_MOUNT = Path.of("/srv/metarag");
  static final Path DATA_DIR = SERVICE_MOUNT.resolve("meta-trainer");
  static final String POD_MOUNT = "/var/lib/metarag";
  private static final String K = "metarag.trainer.kubernetes.";

  private TestSettings() {}

  /** The executor's settings as the service reads them, from these properties. */
  static TrainerConfig.Kubernetes settings(boolean enabled) {
    return settings(enabled, Map.of());
  }

  /**
   * The executor's settings bound by SmallRye Config (what Quarkus runs on) from the test's base
   * properties and {@code more} (keys under metarag.trainer.kubernetes., written without it).
   */
  static TrainerConfig.Kubernetes settings(boolean enabled, Map<String, String> more) {
    Map<String, String> p = new HashMap<>();
    p.put("metarag.trainer.data-dir", DATA_DIR.toString());
    p.put("metarag.trainer.registry-dir", SERVICE_MOUNT.resolve("models").toString());
    p.put("metarag.trainer.shared-data", SERVICE_MOUNT.resolve("datasets").toString());
    p.put("metarag.trainer.data-root", SERVICE_MOUNT.resolve("data").toString());
    p.put(K + "enabled", Boolean.toString(enabled));
    p.put(K + "namespace", "metarag");
    p.put(K + "command", "/opt/metarag/bin/meta-trainer-worker,--quiet");
    p.put(K + "volume-claim", "metarag-shared");
    p.put(K + "mount-path", POD_MOUNT);
    p.put(K + "service-mount-path", SERVICE_MOUNT.toString());
    p.put(K + "default-cpu", "2");
    p.put(K + "default-memory", "6Gi");
    p.put(K + "default-ttl-seconds-after-finished", "3600");
    p.put(K + "env.\"OMP_NUM_THREADS\"", "4");
    p.put(K + "env.\"JAVA_TOOL_OPTIONS\"", "-Xmx5g");
    more.forEach((key, value) -> p.put(K + key, value));
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withSources(new PropertiesConfigSource(p, "test settings", 100))
            .withMapping(TrainerConfig.class)
            .build();
    return config.getConfigMapping(TrainerConfig.class).kubernetes();
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

  /**
   * A launch as StartJob makes it: the request (two source domains and these KUBERNETES options, or
   * none when {@code k} is null) validated and completed with the defaults of {@code settings}.
   */
  static WorkerLaunch validated(
      String jobId, TrainerConfig.Kubernetes settings, KubernetesExecutorSpec.Builder k) {
    JobSpec.Builder request =
        JobSpec.newBuilder()
            .setExecutor(ExecutorKind.EXECUTOR_KIND_KUBERNETES)
            .addDomains(domain("books"))
            .addDomains(domain("movies"));
    if (k != null) {
      request.setKubernetes(k);
    }
    JobSpec spec = JobSpecValidator.validate(request.build(), KubernetesDefaults.from(settings));
    return new WorkerLaunch(jobId, jobDirectory(jobId), spec);
  }

  private static SourceDomain domain(String name) {
    return SourceDomain.newBuilder()
        .setName(name)
        .setDataset(DatasetRef.newBuilder().setName("subjqa/" + name + "/train"))
        .build();
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
