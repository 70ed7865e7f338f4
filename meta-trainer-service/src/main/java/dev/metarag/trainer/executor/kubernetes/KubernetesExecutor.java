package dev.metarag.trainer.executor.kubernetes;

import dev.metarag.proto.v1.ExecutorKind;
import dev.metarag.trainer.config.TrainerConfig;
import dev.metarag.trainer.executor.JobExecutor;
import dev.metarag.trainer.executor.WorkerLaunch;
import dev.metarag.trainer.executor.WorkerListener;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.HttpURLConnection;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs each job's worker as a batch/v1 Job in the cluster and follows it with informers. The Job
 * outlives the service: a restarted service attaches to the Job of the same name instead of
 * creating another. Cancelling deletes the Job and its pods. The Kubernetes client is only asked
 * for when the executor is enabled and a job starts.
 */
@ApplicationScoped
public class KubernetesExecutor implements JobExecutor {
  private static final Logger LOG = Logger.getLogger(KubernetesExecutor.class);

  private final TrainerConfig.Kubernetes config;
  private final Path dataDir;
  private final Supplier<KubernetesClient> clients;
  private final WorkerJobBuilder builder;
  private final Map<String, WorkerJobWatch> watches = new ConcurrentHashMap<>();

  @Inject
  public KubernetesExecutor(TrainerConfig config, Instance<KubernetesClient> client) {
    this(config.kubernetes(), config.dataDir(), client::get);
  }

  /**
   * @param config the executor's settings
   * @param dataDir the service's data directory; job directories live under it
   * @param clients gives the client, asked for on first use
   */
  KubernetesExecutor(
      TrainerConfig.Kubernetes config, Path dataDir, Supplier<KubernetesClient> clients) {
    this.config = config;
    this.dataDir = dataDir;
    this.clients = clients;
    this.builder = new WorkerJobBuilder(config);
  }

  @Override
  public ExecutorKind kind() {
    return ExecutorKind.EXECUTOR_KIND_KUBERNETES;
  }

  @Override
  public boolean available() {
    return config.enabled() && dataDirOnSharedVolume();
  }

  @Override
  public String unavailableReason() {
    if (!config.enabled()) {
      return "the KUBERNETES executor is not enabled in this service; set"
          + " metarag.trainer.kubernetes.enabled=true where the service can reach the cluster";
    }
    return "the KUBERNETES executor needs the data directory "
        + dataDir.toAbsolutePath().normalize()
        + " on the volume shared with worker pods, under "
        + builder.serviceRoot()
        + " (metarag.trainer.kubernetes.service-mount-path)";
  }

  @Override
  public void start(WorkerLaunch launch, WorkerListener listener) {
    String jobId = launch.jobId();
    WorkerJobWatch previous = watches.remove(jobId);
    if (previous != null) {
      previous.close();
    }
    WorkerJobTracker tracker = null;
    Job created = null;
    try {
      KubernetesClient client = clients.get();
      Job wanted = builder.build(launch);
      String namespace = wanted.getMetadata().getNamespace();
      String name = wanted.getMetadata().getName();
      String labelValue = JobNames.labelValue(jobId);
      Job existing = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
      List<Pod> earlierPods = List.of();
      Job job;
      if (existing == null) {
        job = create(client, wanted);
        created = job;
      } else {
        job = existing;
        earlierPods =
            client
                .pods()
                .inNamespace(namespace)
                .withLabel(WorkerJobBuilder.LABEL_JOB_ID, labelValue)
                .list()
                .getItems();
        LOG.infof("job %s: attached to the existing Kubernetes Job %s/%s", jobId, namespace, name);
      }
      if (!belongsTo(job, jobId)) {
        listener.finished(
            false,
            "the Kubernetes Job "
                + namespace
                + "/"
                + name
                + " exists but does not belong to job "
                + jobId
                + " (its "
                + WorkerJobBuilder.LABEL_JOB_ID
                + " label differs); delete it or run the job elsewhere");
        return;
      }
      AtomicReference<WorkerJobWatch> self = new AtomicReference<>();
      tracker = new WorkerJobTracker(job, listener, () -> ended(jobId, self));
      earlierPods.forEach(tracker::alreadyEnded);
      WorkerJobWatch watch = new WorkerJobWatch(namespace, name, tracker);
      self.set(watch);
      watches.put(jobId, watch);
      watch.start(client, labelValue);
    } catch (RuntimeException e) {
      LOG.errorf(e, "job %s: cannot run its Kubernetes Job", jobId);
      String message = "cannot run the Kubernetes Job: " + e.getMessage();
      if (tracker == null) {
        listener.finished(false, message);
      } else {
        tracker.failed(message); // unless the Job's own end was reported already
      }
      WorkerJobWatch failed = watches.remove(jobId);
      if (failed != null) {
        failed.close();
      }
      if (created != null) {
        // Not followed, it would run unseen while the job is failed: take it back.
        delete(jobId, created.getMetadata().getNamespace(), created.getMetadata().getName());
      }
    }
  }

  @Override
  public void stop(String jobId) {
    WorkerJobWatch watch = watches.remove(jobId);
    if (watch == null) {
      return;
    }
    watch.close();
    delete(jobId, watch.namespace(), watch.jobName());
  }

  /** Whether the executor follows a job's Kubernetes Job now. */
  boolean watching(String jobId) {
    return watches.containsKey(jobId);
  }

  @PreDestroy
  void shutdown() {
    // The Jobs keep running without the service; a restarted service attaches to them.
    watches.values().forEach(WorkerJobWatch::close);
    watches.clear();
  }

  /** Deletes a Job and, in the background, its pods. */
  private void delete(String jobId, String namespace, String name) {
    try {
      clients
          .get()
          .batch()
          .v1()
          .jobs()
          .inNamespace(namespace)
          .withName(name)
          .withPropagationPolicy(DeletionPropagation.BACKGROUND)
          .delete();
      LOG.infof("job %s: deleted its Kubernetes Job %s/%s", jobId, namespace, name);
    } catch (RuntimeException e) {
      LOG.warnf(
          "job %s: cannot delete its Kubernetes Job %s/%s: %s",
          jobId, namespace, name, e.getMessage());
    }
  }

  private Job create(KubernetesClient client, Job wanted) {
    String namespace = wanted.getMetadata().getNamespace();
    String name = wanted.getMetadata().getName();
    try {
      Job created = client.batch().v1().jobs().inNamespace(namespace).resource(wanted).create();
      LOG.infof("created the Kubernetes Job %s/%s", namespace, name);
      return created;
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      // Created meanwhile (by another incarnation of this service): attach to it.
      Job existing = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
      if (existing == null) {
        throw e;
      }
      return existing;
    }
  }

  private static boolean belongsTo(Job job, String jobId) {
    Map<String, String> labels = job.getMetadata().getLabels();
    Map<String, String> annotations = job.getMetadata().getAnnotations();
    String annotated =
        annotations == null ? null : annotations.get(WorkerJobBuilder.ANNOTATION_JOB_ID);
    return labels != null
        && JobNames.labelValue(jobId).equals(labels.get(WorkerJobBuilder.LABEL_JOB_ID))
        && (annotated == null || annotated.equals(jobId));
  }

  /** The tracker reported the end: stop following the Job (it stays until its TTL). */
  private void ended(String jobId, AtomicReference<WorkerJobWatch> self) {
    WorkerJobWatch watch = self.get();
    if (watch == null) {
      return;
    }
    watches.remove(jobId, watch);
    // Not on the informer's own thread, which is the one reporting the end.
    CompletableFuture.runAsync(watch::close);
  }

  private boolean dataDirOnSharedVolume() {
    return dataDir.toAbsolutePath().normalize().startsWith(builder.serviceRoot());
  }
}
