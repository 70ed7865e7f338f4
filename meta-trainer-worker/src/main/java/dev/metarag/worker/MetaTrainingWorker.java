package dev.metarag.worker;

import ai.djl.ndarray.NDManager;
import dev.metarag.jobs.JobDirectory;
import dev.metarag.jobs.ProgressEvent;
import dev.metarag.training.memory.NativeHeap;
import java.nio.file.Path;

/**
 * The worker's command line: {@code java -jar meta-trainer-worker.jar --job-dir DIR}. Exit codes: 0
 * when theta0 is written, 1 when the job failed (the progress log says why), 2 for a wrong command
 * line, 143 when stopped by SIGTERM after a checkpoint. {@code --engine-info} prints the PyTorch
 * build and device the worker would train on, and exits (a check of a worker image on a GPU node).
 */
public final class MetaTrainingWorker {
  private MetaTrainingWorker() {}

  public static void main(String[] args) {
    // Before the first tensor: training steps then fault in huge pages instead of 4 KB ones.
    NativeHeap.useHugePages();
    if (args.length == 1 && args[0].equals("--engine-info")) {
      System.setProperty("ai.djl.offline", "true");
      try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
        System.out.println(EngineInfo.describe(manager));
      }
      return;
    }
    Path jobDir = jobDir(args);
    if (jobDir == null) {
      System.err.println("usage: meta-trainer-worker --job-dir DIR | --engine-info");
      System.exit(2);
    }
    JobDirectory job = new JobDirectory(jobDir);
    StopSignal stop = new StopSignal();
    stop.install();
    try {
      configureEngine(job);
      WorkerRun.Outcome outcome = new WorkerRun(job, stop).run();
      stop.acknowledge();
      if (outcome == WorkerRun.Outcome.STOPPED) {
        System.exit(143);
      }
    } catch (Throwable e) {
      e.printStackTrace();
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      job.appendProgress(ProgressEvent.of(ProgressEvent.Type.FAILED, 0, 0, message));
      stop.acknowledge();
      System.exit(1);
    }
  }

  /** DJL reads its thread settings once, when the engine starts: set them before that. */
  private static void configureEngine(JobDirectory job) throws java.io.IOException {
    System.setProperty("ai.djl.offline", "true");
    if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
      int threads = job.readConfig().threads();
      if (threads > 0) {
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
      }
    }
  }

  private static Path jobDir(String[] args) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("--job-dir")) {
        return Path.of(args[i + 1]);
      }
    }
    return null;
  }
}
