package dev.metarag.trainer.job;

import dev.metarag.jobs.JobDirectory;
import dev.metarag.jobs.ProgressEvent;
import dev.metarag.jobs.ProgressTail;
import dev.metarag.jobs.WorkerConfig;
import dev.metarag.proto.v1.EvaluationMetrics;
import dev.metarag.proto.v1.Job;
import dev.metarag.proto.v1.JobCheckpoint;
import dev.metarag.proto.v1.JobLogLevel;
import dev.metarag.proto.v1.JobLogLine;
import dev.metarag.proto.v1.JobProgress;
import dev.metarag.proto.v1.JobState;
import dev.metarag.proto.v1.ModelRef;
import dev.metarag.proto.v1.ModelVersion;
import dev.metarag.trainer.executor.WorkerListener;
import dev.metarag.trainer.registry.Theta0Registrar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Follows one job: turns what its executor reports (running, restarting, finished) and what its
 * worker appends to the progress log (steps, evaluations, checkpoints, logs, the end) into the
 * job's record and into events for its watchers. The record is saved on every state change and
 * checkpoint, so a restarted service picks up where things stood.
 */
public final class JobSupervisor implements WorkerListener {
  private static final Logger LOG = Logger.getLogger(JobSupervisor.class);
  private static final int KEPT_LOG_LINES = 100;
  private static final int KEPT_CHECKPOINTS = 3;

  private final JobStore store;
  private final JobDirectory directory;
  private final ProgressTail tail;
  private final Theta0Registrar registrar;
  private final Consumer<JobSupervisor> onFinal;
  private final List<JobWatcher> watchers = new CopyOnWriteArrayList<>();
  private final Deque<JobLogLine> recentLogs = new ArrayDeque<>();
  private final ProgressFigures figures = new ProgressFigures();
  private Job job;
  private EvaluationMetrics lastMeanEvaluation;
  private boolean workerReportedSuccess;

  public JobSupervisor(
      Job job,
      JobStore store,
      JobDirectory directory,
      Theta0Registrar registrar,
      Consumer<JobSupervisor> onFinal) {
    this.job = job;
    this.store = store;
    this.directory = directory;
    this.tail = directory.tailProgress();
    this.registrar = registrar;
    this.onFinal = onFinal;
  }

  public synchronized Job job() {
    return job;
  }

  public String jobId() {
    return job.getId();
  }

  public JobDirectory directory() {
    return directory;
  }

  /** Registers a watcher and sends it the job's current figures first. */
  public void addWatcher(JobWatcher watcher) {
    JobProgress first;
    boolean ended;
    synchronized (this) {
      JobProgress.Builder b = current();
      if (watcher.includeLogs()) {
        b.addAllLogs(recentLogs);
      }
      first = b.build();
      ended = JobStates.isFinal(job.getState());
      if (!ended) {
        watchers.add(watcher);
      }
    }
    watcher.onProgress(first);
    if (ended) {
      watcher.onCompleted();
    }
  }

  public void removeWatcher(JobWatcher watcher) {
    watchers.remove(watcher);
  }

  /** Reads what the worker appended since the last call. */
  public void poll() {
    List<ProgressEvent> events;
    try {
      events = tail.poll();
    } catch (IOException | RuntimeException e) {
      LOG.warnf("job %s: cannot read its progress log: %s", jobId(), e.getMessage());
      return;
    }
    for (ProgressEvent e : events) {
      apply(e);
    }
  }

  private void apply(ProgressEvent e) {
    JobProgress event;
    boolean save = false;
    synchronized (this) {
      if (JobStates.isFinal(job.getState())) {
        return;
      }
      Job.Builder b = job.toBuilder();
      JobProgress.Builder p = current();
      p.setTimeMillis(e.timeMillis());
      switch (e.type()) {
        case STARTED -> p.setMessage(e.message() == null ? "" : e.message());
        case STEP -> {
          figures.record(e.timeMillis(), e.step());
          b.setStep(e.step());
          p.setStep(e.step())
              .setMetaLoss(orZero(e.metaLoss()))
              .setSupportLoss(orZero(e.supportLoss()))
              .setQueryLoss(orZero(e.queryLoss()))
              .setStepsPerSecond(figures.stepsPerSecond())
              .setQuestionsPerSecond(
                  figures.stepsPerSecond() * ProgressFigures.questionsPerStep(job.getSpec()))
              .setEtaMillis(figures.etaMillis(e.step(), job.getTotalSteps()));
        }
        case EVALUATION -> {
          p.setStep(e.step());
          if (e.evaluation() != null) {
            e.evaluation()
                .forEach((domain, m) -> p.putEvaluation(domain, ProgressFigures.metrics(m)));
            if (e.evaluation().containsKey("*")) {
              lastMeanEvaluation = ProgressFigures.metrics(e.evaluation().get("*"));
            }
          }
        }
        case CHECKPOINT -> {
          JobCheckpoint cp = checkpoint(e);
          int n = b.getCheckpointsCount();
          if (n > 0 && b.getCheckpoints(n - 1).getStep() >= e.step()) {
            break; // replayed after a service restart: already recorded
          }
          b.addCheckpoints(cp);
          while (b.getCheckpointsCount() > KEPT_CHECKPOINTS) {
            b.removeCheckpoints(0);
          }
          p.setStep(e.step()).setCheckpoint(cp).setMessage("checkpoint at step " + e.step());
          save = true;
        }
        case LOG -> {
          JobLogLine line = logLine(e);
          recentLogs.addLast(line);
          while (recentLogs.size() > KEPT_LOG_LINES) {
            recentLogs.removeFirst();
          }
          p.addLogs(line);
        }
        case SUCCEEDED -> workerReportedSuccess = true;
        case FAILED -> p.setMessage("worker failed: " + e.message());
      }
      // Figures of every event but logs become the job's latest figures.
      if (e.type() != ProgressEvent.Type.LOG) {
        b.setLatest(p.clone().clearLogs().clearCheckpoint().build());
      }
      job = b.build();
      event = p.build();
    }
    if (save) {
      store.save(job());
    }
    if (e.type() == ProgressEvent.Type.LOG) {
      watchers.stream().filter(JobWatcher::includeLogs).forEach(w -> w.onProgress(event));
    } else if (e.type() != ProgressEvent.Type.SUCCEEDED) {
      JobProgress withoutLogs = event.toBuilder().clearLogs().build();
      watchers.forEach(w -> w.onProgress(withoutLogs));
    }
  }

  @Override
  public void running() {
    transition(
        JobState.JOB_STATE_RUNNING,
        "",
        b -> {
          if (b.getStartedAtMillis() == 0) {
            b.setStartedAtMillis(System.currentTimeMillis());
          }
        });
  }

  @Override
  public void restarting(String reason) {
    transition(
        JobState.JOB_STATE_RESUMING,
        reason + "; resuming from the last checkpoint",
        b -> b.setResumes(b.getResumes() + 1));
  }

  @Override
  public void finished(boolean succeeded, String message) {
    poll(); // the worker's last words
    if (succeeded && workerReportedSuccess) {
      try {
        ModelVersion result = register();
        transition(JobState.JOB_STATE_SUCCEEDED, "", b -> b.setResult(result));
      } catch (IOException | RuntimeException e) {
        LOG.errorf(e, "job %s: cannot register the model it trained", jobId());
        transition(
            JobState.JOB_STATE_FAILED,
            "cannot register the model it trained: " + e.getMessage(),
            b -> {});
      }
    } else if (succeeded) {
      transition(
          JobState.JOB_STATE_FAILED,
          "the worker exited without a result; see " + directory.logFile(),
          b -> {});
    } else {
      transition(JobState.JOB_STATE_FAILED, message, b -> {});
    }
  }

  /** Marks the job cancelled (its executor has been told to stop the worker). */
  public void cancelled(String reason) {
    transition(JobState.JOB_STATE_CANCELLED, reason, b -> {});
  }

  /** Fails the job before a worker ran (task preparation failed). */
  public void failed(String reason) {
    transition(JobState.JOB_STATE_FAILED, reason, b -> {});
  }

  /** Updates what a PENDING job is waiting for. */
  public void pendingMessage(String message) {
    transition(JobState.JOB_STATE_PENDING, message, b -> {});
  }

  private ModelVersion register() throws IOException {
    Path pkg = directory.root().resolve(WorkerConfig.OUTPUT_PACKAGE);
    return registrar.register(job(), pkg, directory.readConfig(), lastMeanEvaluation);
  }

  private void transition(JobState state, String message, Consumer<Job.Builder> change) {
    JobProgress event;
    boolean ended;
    synchronized (this) {
      if (JobStates.isFinal(job.getState())) {
        return; // a final state never changes (a late report after cancel, say)
      }
      JobState previous = job.getState();
      Job.Builder b = job.toBuilder().setState(state).setMessage(message);
      change.accept(b);
      ended = JobStates.isFinal(state);
      if (ended) {
        b.setFinishedAtMillis(System.currentTimeMillis());
      }
      JobProgress.Builder p =
          current(b).setState(state).setMessage(message).setTimeMillis(System.currentTimeMillis());
      if (previous != state) {
        p.setPreviousState(previous);
      }
      if (b.hasResult()) {
        ModelVersion r = b.getResult();
        p.setResult(ModelRef.newBuilder().setVersion(r.getVersion()).setKind(r.getKind()));
      }
      if (ended) {
        p.setEtaMillis(0);
      }
      b.setLatest(p.clone().clearLogs().build());
      job = b.build();
      event = p.build();
    }
    store.save(job());
    List<JobWatcher> targets = new ArrayList<>(watchers);
    targets.forEach(w -> w.onProgress(event));
    if (ended) {
      watchers.clear();
      targets.forEach(JobWatcher::onCompleted);
      onFinal.accept(this);
    }
  }

  private JobProgress.Builder current() {
    return current(job.toBuilder());
  }

  private static JobProgress.Builder current(Job.Builder b) {
    JobProgress.Builder p = b.hasLatest() ? b.getLatest().toBuilder() : JobProgress.newBuilder();
    return p.clearPreviousState()
        .clearCheckpoint()
        .clearResult()
        .clearLogs()
        .clearEvaluation()
        .setJobId(b.getId())
        .setState(b.getState())
        .setStep(b.getStep())
        .setTotalSteps(b.getTotalSteps())
        .setTimeMillis(System.currentTimeMillis());
  }

  private JobCheckpoint checkpoint(ProgressEvent e) {
    Path dir = directory.root().resolve(e.checkpoint());
    long size = 0;
    try (var files = Files.walk(dir)) {
      size = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    } catch (IOException ignored) {
      // pruned already: the size is informative only
    }
    return JobCheckpoint.newBuilder()
        .setStep(e.step())
        .setPath(dir.toAbsolutePath().toString())
        .setCreatedAtMillis(e.timeMillis())
        .setSizeBytes(size)
        .build();
  }

  private static JobLogLine logLine(ProgressEvent e) {
    String text = e.message() == null ? "" : e.message();
    if (text.length() > 4096) {
      text = text.substring(0, 4096);
    }
    JobLogLevel level;
    try {
      level =
          e.level() == null
              ? JobLogLevel.JOB_LOG_LEVEL_UNSPECIFIED
              : JobLogLevel.valueOf("JOB_LOG_LEVEL_" + e.level());
    } catch (IllegalArgumentException unknown) {
      level = JobLogLevel.JOB_LOG_LEVEL_UNSPECIFIED;
    }
    return JobLogLine.newBuilder()
        .setTimeMillis(e.timeMillis())
        .setLevel(level)
        .setText(text)
        .build();
  }

  private static double orZero(Double d) {
    return d == null ? 0 : d;
  }
}
