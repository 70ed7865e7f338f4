package dev.metarag.trainer.executor.local;

import dev.metarag.jobs.JobDirectory;
import dev.metarag.proto.v1.ExecutorKind;
import dev.metarag.trainer.config.TrainerConfig;
import dev.metarag.trainer.executor.JobExecutor;
import dev.metarag.trainer.executor.WorkerEnvironment;
import dev.metarag.trainer.executor.WorkerLaunch;
import dev.metarag.trainer.executor.WorkerListener;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Runs each job's worker as a child JVM. A worker that dies (crash, kill) is started again, up to
 * {@code metarag.trainer.local.max-restarts} times, and resumes from its last checkpoint. The
 * worker's pid is kept in the job directory so that a restarted service can stop an orphaned worker
 * before starting a fresh one.
 */
@ApplicationScoped
public class LocalExecutor implements JobExecutor {
  private static final Logger LOG = Logger.getLogger(LocalExecutor.class);
  static final String PID_FILE = "worker.pid";

  private final TrainerConfig config;
  private final WorkerCommand command;
  private final Map<String, RunningWorker> running = new ConcurrentHashMap<>();

  public LocalExecutor(TrainerConfig config) {
    this.config = config;
    this.command = new WorkerCommand(config.local());
  }

  @Override
  public ExecutorKind kind() {
    return ExecutorKind.EXECUTOR_KIND_LOCAL;
  }

  @Override
  public boolean available() {
    return command.workerJar().isPresent();
  }

  @Override
  public String unavailableReason() {
    return "the LOCAL executor needs the worker distribution at "
        + config.local().workerHome().toAbsolutePath()
        + " (meta-trainer-worker.jar and lib/); build it with ./metarag build or set metarag.trainer.local.worker-home";
  }

  @Override
  public void start(WorkerLaunch launch, WorkerListener listener) {
    stopOrphan(launch.jobDirectory());
    RunningWorker worker = new RunningWorker(launch, listener);
    running.put(launch.jobId(), worker);
    worker.launch();
  }

  @Override
  public void stop(String jobId) {
    RunningWorker worker = running.remove(jobId);
    if (worker != null) {
      worker.stop();
    }
  }

  @PreDestroy
  void shutdown() {
    // Workers are stopped with the service: after a restart they resume from their checkpoints.
    running.values().forEach(RunningWorker::stop);
    running.clear();
  }

  /** Stops a worker left running by a previous incarnation of this service. */
  private static void stopOrphan(Path jobDirectory) {
    Path pidFile = jobDirectory.resolve(PID_FILE);
    try {
      if (!Files.exists(pidFile)) {
        return;
      }
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      Optional<ProcessHandle> handle = ProcessHandle.of(pid);
      if (handle.isPresent()
          && handle
              .get()
              .info()
              .commandLine()
              .map(c -> c.contains(jobDirectory.toString()))
              .orElse(false)) {
        LOG.infof("stopping orphaned worker %d of %s", pid, jobDirectory);
        handle.get().destroy();
        handle.get().onExit().join();
      }
    } catch (IOException | NumberFormatException e) {
      LOG.warnf("cannot read %s: %s", pidFile, e.getMessage());
    }
  }

  /** One job's worker process and its restarts. */
  private final class RunningWorker {
    private final WorkerLaunch launch;
    private final WorkerListener listener;
    private Process process;
    private int restarts;
    private volatile boolean stopped;

    RunningWorker(WorkerLaunch launch, WorkerListener listener) {
      this.launch = launch;
      this.listener = listener;
    }

    synchronized void launch() {
      if (stopped) {
        return;
      }
      try {
        JobDirectory dir = new JobDirectory(launch.jobDirectory());
        ProcessBuilder builder =
            new ProcessBuilder(command.build(launch))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.logFile().toFile()));
        WorkerEnvironment.applyDefaults(builder.environment());
        process = builder.start();
        Files.writeString(launch.jobDirectory().resolve(PID_FILE), Long.toString(process.pid()));
      } catch (IOException e) {
        running.remove(launch.jobId());
        listener.finished(false, "cannot start the worker: " + e.getMessage());
        return;
      }
      listener.running();
      Process started = process;
      started.onExit().thenAccept(this::exited);
    }

    private void exited(Process p) {
      if (stopped) {
        return;
      }
      int code = p.exitValue();
      if (code == 0) {
        running.remove(launch.jobId());
        listener.finished(true, "");
      } else if (restarts < config.local().maxRestarts()) {
        restarts++;
        listener.restarting(
            "worker exited with code "
                + code
                + " (restart "
                + restarts
                + " of "
                + config.local().maxRestarts()
                + ")");
        launch();
      } else {
        running.remove(launch.jobId());
        listener.finished(
            false,
            "worker exited with code "
                + code
                + " after "
                + restarts
                + " restarts; see "
                + launch.jobDirectory().resolve(JobDirectory.LOG_FILE));
      }
    }

    synchronized void stop() {
      stopped = true;
      if (process != null && process.isAlive()) {
        // SIGTERM first: the worker writes nothing half-way (checkpoints are renamed into place).
        process.destroy();
        try {
          if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          process.destroyForcibly();
        }
      }
    }
  }
}
