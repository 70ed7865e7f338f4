package dev.metarag.trainer.job;

import dev.metarag.data.confine.ConfinedRoot;
import dev.metarag.data.select.DatasetSelection;
import dev.metarag.jobs.JobDirectory;
import dev.metarag.jobs.WorkerConfig;
import dev.metarag.proto.v1.ExecutorKind;
import dev.metarag.proto.v1.Job;
import dev.metarag.proto.v1.JobSpec;
import dev.metarag.proto.v1.JobState;
import dev.metarag.proto.v1.RetrieverGrpc;
import dev.metarag.registry.RegisteredVersion;
import dev.metarag.security.client.ServiceChannels;
import dev.metarag.security.limits.Quoted;
import dev.metarag.trainer.config.TrainerConfig;
import dev.metarag.trainer.executor.JobExecutor;
import dev.metarag.trainer.executor.WorkerLaunch;
import dev.metarag.trainer.registry.BaseVersions;
import dev.metarag.trainer.registry.DefaultBaseModel;
import dev.metarag.trainer.registry.Theta0Registrar;
import dev.metarag.trainer.spec.JobSpecValidator;
import dev.metarag.trainer.spec.KubernetesDefaults;
import dev.metarag.trainer.tasks.CandidateRetrieval;
import dev.metarag.trainer.tasks.DatasetLoader;
import dev.metarag.trainer.tasks.LoadedDataset;
import dev.metarag.trainer.tasks.TaskPreparation;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The life of jobs: start (validate, check data, prepare tasks in the background, hand the worker
 * to its executor), cancel, and recovery after a restart. Each live job has a {@link
 * JobSupervisor}; finished jobs are served from the {@link JobStore}.
 */
@ApplicationScoped
public class JobManager {
  private static final Logger LOG = Logger.getLogger(JobManager.class);
  private static final long POLL_MILLIS = 200;

  @Inject TrainerConfig config;
  @Inject Instance<JobExecutor> executorBeans;
  @Inject ServiceChannels channels;

  @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown")
  String codeVersion;

  private KubernetesDefaults kubernetesDefaults;
  private JobStore store;
  private Theta0Registrar registrar;
  private BaseVersions baseVersions;
  private DefaultBaseModel defaultBase;
  private TaskPreparation preparation;
  private final Map<ExecutorKind, JobExecutor> executors = new EnumMap<>(ExecutorKind.class);
  private final Map<String, JobSupervisor> live = new ConcurrentHashMap<>();
  private ManagedChannel retrieverChannel;
  private final ExecutorService preparing = Executors.newFixedThreadPool(2);
  private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();

  void onStart(@Observes StartupEvent event) {
    // Checked now, enabled or not: a bad default would fail every KUBERNETES job the same way.
    kubernetesDefaults = KubernetesDefaults.from(config.kubernetes());
    store = new JobStore(config.dataDir().resolve("jobs"));
    registrar = new Theta0Registrar(config.registryDir(), codeVersion);
    baseVersions = new BaseVersions(config.registryDir(), config.baseModel());
    defaultBase = new DefaultBaseModel(config.registryDir());
    retrieverChannel = channels.open(config.retriever());
    preparation =
        new TaskPreparation(
            new DatasetLoader(
                new DatasetSelection(
                    new ConfinedRoot(TrainerConfig.DATA_ROOT, config.dataRoot()),
                    new ConfinedRoot(TrainerConfig.SHARED_DATA, config.sharedData()))),
            new CandidateRetrieval(RetrieverGrpc.newBlockingStub(retrieverChannel)));
    executorBeans.forEach(e -> executors.put(e.kind(), e));
    poller.scheduleWithFixedDelay(this::pollAll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    for (Job job : store.newestFirst()) {
      if (!JobStates.isFinal(job.getState())) {
        recover(job);
      }
    }
  }

  void onStop(@Observes ShutdownEvent event) {
    poller.shutdownNow();
    preparing.shutdownNow();
    retrieverChannel.shutdownNow();
  }

  /** Validates and starts a job; with {@code validateOnly}, returns the completed spec only. */
  public Job start(JobSpec requested, String requestId, boolean validateOnly) {
    JobSpec spec = JobSpecValidator.validate(defaultBase.fillIn(requested), kubernetesDefaults);
    if (!validateOnly && !requestId.isEmpty()) {
      Optional<Job> earlier = byRequestId(requestId);
      if (earlier.isPresent()) {
        if (sameRequest(earlier.get().getSpec(), requested, spec)) {
          return earlier.get();
        }
        throw Status.ALREADY_EXISTS
            .withDescription(
                "request_id '"
                    + requestId
                    + "' started job "
                    + earlier.get().getId()
                    + " with a different spec")
            .asRuntimeException();
      }
    }
    JobExecutor executor = executor(spec.getExecutor());
    Optional<RegisteredVersion> base = baseVersions.resolve(spec.getBaseModelVersion());
    Map<String, LoadedDataset> data = preparation.check(spec);
    long totalSteps = TaskPreparation.totalSteps(spec, data);
    if (validateOnly) {
      return Job.newBuilder().setSpec(spec).setTotalSteps(totalSteps).build();
    }
    synchronized (this) {
      long running = live.size();
      if (running >= config.maxConcurrentJobs()) {
        throw Status.RESOURCE_EXHAUSTED
            .withDescription(
                running
                    + " jobs are running, the configured maximum (metarag.trainer.max-concurrent-jobs); wait for one to end or cancel one")
            .asRuntimeException();
      }
      String id = store.newId();
      Job job =
          store.save(
              Job.newBuilder()
                  .setId(id)
                  .setSpec(spec)
                  .setState(JobState.JOB_STATE_PENDING)
                  .setMessage("preparing tasks")
                  .setTotalSteps(totalSteps)
                  .setCreatedAtMillis(System.currentTimeMillis())
                  .setRequestId(requestId)
                  .build());
      JobSupervisor supervisor = supervise(job);
      preparing.submit(() -> prepareAndLaunch(supervisor, executor, data, base));
      return job;
    }
  }

  public Optional<Job> get(String id) {
    JobSupervisor s = live.get(id);
    return s != null ? Optional.of(s.job()) : store.get(id);
  }

  public java.util.List<Job> newestFirst() {
    return store.newestFirst().stream().map(j -> get(j.getId()).orElse(j)).toList();
  }

  /** Watches a job; false when the job is unknown. */
  public boolean watch(String id, JobWatcher watcher) {
    JobSupervisor s = live.get(id);
    if (s != null) {
      s.addWatcher(watcher);
      return true;
    }
    Optional<Job> ended = store.get(id);
    if (ended.isEmpty()) {
      return false;
    }
    watcher.onProgress(
        ended.get().getLatest().toBuilder().setJobId(id).setState(ended.get().getState()).build());
    watcher.onCompleted();
    return true;
  }

  public void unwatch(String id, JobWatcher watcher) {
    JobSupervisor s = live.get(id);
    if (s != null) {
      s.removeWatcher(watcher);
    }
  }

  /** Cancels a job: CANCELLED at once, its worker stopped; checkpoints stay. */
  public Job cancel(String id, String reason) {
    Job job =
        get(id)
            .orElseThrow(
                () ->
                    Status.NOT_FOUND
                        .withDescription("no job " + Quoted.of(id))
                        .asRuntimeException());
    switch (job.getState()) {
      case JOB_STATE_CANCELLED:
        return job;
      case JOB_STATE_SUCCEEDED:
      case JOB_STATE_FAILED:
        throw Status.FAILED_PRECONDITION
            .withDescription(
                "job "
                    + id
                    + " has already "
                    + (job.getState() == JobState.JOB_STATE_SUCCEEDED ? "succeeded" : "failed"))
            .asRuntimeException();
      default:
        break;
    }
    JobSupervisor s = live.get(id);
    if (s == null) {
      return job;
    }
    JobExecutor executor = executors.get(job.getSpec().getExecutor());
    if (executor != null) {
      executor.stop(id);
    }
    s.cancelled(reason.isBlank() ? "cancelled by request" : reason);
    return s.job();
  }

  private void prepareAndLaunch(
      JobSupervisor supervisor,
      JobExecutor executor,
      Map<String, LoadedDataset> data,
      Optional<RegisteredVersion> base) {
    Job job = supervisor.job();
    // First, while the version StartJob found is most likely still there.
    WorkerConfig.BaseVersion baseVersion = null;
    if (base.isPresent()) {
      String version = base.get().version();
      try {
        supervisor.pendingMessage("copying base model version " + version);
        baseVersion = baseVersions.copyInto(supervisor.directory(), base.get());
      } catch (StatusRuntimeException e) {
        supervisor.failed(e.getStatus().getDescription());
        return;
      } catch (IOException | RuntimeException e) {
        LOG.errorf(e, "job %s: cannot copy base model version %s", job.getId(), version);
        supervisor.failed(
            "cannot copy base model version "
                + version
                + " into the job directory (the trainer's log says why)");
        return;
      }
    }
    try {
      preparation.prepare(
          job.getId(),
          job.getSpec(),
          data,
          config.baseModel(),
          baseVersion,
          supervisor.directory(),
          supervisor::pendingMessage);
    } catch (Exception e) {
      LOG.errorf(e, "job %s: task preparation failed", job.getId());
      supervisor.failed("task preparation failed: " + e.getMessage());
      return;
    }
    if (JobStates.isFinal(supervisor.job().getState())) {
      return; // cancelled while preparing
    }
    supervisor.pendingMessage("starting the worker");
    executor.start(
        new WorkerLaunch(job.getId(), supervisor.directory().root(), job.getSpec()), supervisor);
  }

  private void recover(Job job) {
    JobSupervisor supervisor = supervise(job);
    JobExecutor executor = executors.get(job.getSpec().getExecutor());
    if (executor == null || !executor.available()) {
      supervisor.failed("its executor is not available after a restart");
      return;
    }
    if (!Files.exists(supervisor.directory().configFile())) {
      LOG.infof("job %s: preparing its tasks again after a restart", job.getId());
      preparing.submit(
          () -> {
            try {
              prepareAndLaunch(
                  supervisor,
                  executor,
                  preparation.check(job.getSpec()),
                  baseVersions.resolve(job.getSpec().getBaseModelVersion()));
            } catch (RuntimeException e) {
              supervisor.failed("task preparation failed after a restart: " + e.getMessage());
            }
          });
      return;
    }
    LOG.infof("job %s: restarting its worker after a service restart", job.getId());
    executor.start(
        new WorkerLaunch(job.getId(), supervisor.directory().root(), job.getSpec()), supervisor);
  }

  private JobSupervisor supervise(Job job) {
    JobSupervisor s =
        new JobSupervisor(
            job,
            store,
            new JobDirectory(store.directory(job.getId())),
            registrar,
            ended -> live.remove(ended.jobId()));
    live.put(job.getId(), s);
    return s;
  }

  private JobExecutor executor(ExecutorKind kind) {
    JobExecutor e = executors.get(kind);
    if (e == null || !e.available()) {
      throw Status.FAILED_PRECONDITION
          .withDescription(
              e == null ? "no " + kind + " executor in this service" : e.unavailableReason())
          .asRuntimeException();
    }
    return e;
  }

  private Optional<Job> byRequestId(String requestId) {
    long weekAgo = System.currentTimeMillis() - TimeUnit.DAYS.toMillis(7);
    return store.newestFirst().stream()
        .filter(j -> j.getRequestId().equals(requestId) && j.getCreatedAtMillis() >= weekAgo)
        .findFirst();
  }

  /**
   * A retry sends the same spec; the stored one has defaults (and maybe a drawn seed) filled in.
   */
  /**
   * Whether a retried request is the one that started {@code stored}: the defaults drawn or read
   * when it started (a random seed, the newest general version as base) count as the stored ones.
   */
  private static boolean sameRequest(JobSpec stored, JobSpec requested, JobSpec completed) {
    JobSpec.Builder comparable = completed.toBuilder();
    if (requested.getSeed() == 0) {
      comparable.setSeed(stored.getSeed());
    }
    if (requested.getBaseModelVersion().isEmpty()) {
      comparable.setBaseModelVersion(stored.getBaseModelVersion());
    }
    return comparable.build().equals(stored);
  }

  private void pollAll() {
    for (JobSupervisor s : live.values()) {
      try {
        s.poll();
      } catch (RuntimeException e) {
        LOG.warnf(e, "job %s: progress poll failed", s.jobId());
      }
    }
  }
}
