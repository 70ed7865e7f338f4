package dev.metarag.trainer.executor.local;

import dev.metarag.trainer.config.TrainerConfig;
import dev.metarag.trainer.executor.WorkerLaunch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The command line of a local worker JVM. */
final class WorkerCommand {
  static final String WORKER_JAR = "meta-trainer-worker.jar";
  private final TrainerConfig.Local config;

  WorkerCommand(TrainerConfig.Local config) {
    this.config = config;
  }

  Optional<Path> workerJar() {
    Path jar = config.workerHome().resolve(WORKER_JAR).toAbsolutePath();
    return Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
  }

  List<String> build(WorkerLaunch launch) {
    List<String> cmd = new ArrayList<>();
    cmd.add(config.javaCommand().orElse(ProcessHandle.current().info().command().orElse("java")));
    int heap =
        launch.spec().getLocal().getMaxHeapMib() > 0
            ? launch.spec().getLocal().getMaxHeapMib()
            : config.maxHeapMib();
    cmd.add("-Xmx" + heap + "m");
    int threads =
        launch.spec().getLocal().getThreads() > 0
            ? launch.spec().getLocal().getThreads()
            : Runtime.getRuntime().availableProcessors();
    cmd.add("-Dai.djl.offline=true");
    cmd.add("-Dai.djl.pytorch.num_threads=" + threads);
    cmd.add("-Dai.djl.pytorch.num_interop_threads=1");
    cmd.add("--enable-native-access=ALL-UNNAMED");
    config.jvmOptions().ifPresent(cmd::addAll);
    cmd.add("-jar");
    cmd.add(workerJar().orElseThrow().toString());
    cmd.add("--job-dir");
    cmd.add(launch.jobDirectory().toAbsolutePath().toString());
    return cmd;
  }
}
