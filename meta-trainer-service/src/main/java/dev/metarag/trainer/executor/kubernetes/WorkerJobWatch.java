package dev.metarag.trainer.executor.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Informers on one job's Kubernetes Job and its pods (selected by the job-id label), feeding a
 * {@link WorkerJobTracker}. Informers list, watch, and re-list after a lost watch by themselves.
 */
final class WorkerJobWatch implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(WorkerJobWatch.class);

  private final String namespace;
  private final String jobName;
  private final WorkerJobTracker tracker;
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private boolean closed;

  WorkerJobWatch(String namespace, String jobName, WorkerJobTracker tracker) {
    this.namespace = namespace;
    this.jobName = jobName;
    this.tracker = tracker;
  }

  String namespace() {
    return namespace;
  }

  String jobName() {
    return jobName;
  }

  /**
   * Starts the informers; returns once both have listed what exists.
   *
   * @param labelValue the job-id label of the Job and its pods
   */
  synchronized void start(KubernetesClient client, String labelValue) {
    if (closed) {
      return;
    }
    informers.add(
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(namespace)
            .withLabel(WorkerJobBuilder.LABEL_JOB_ID, labelValue)
            .inform(new JobHandler()));
    informers.add(
        client
            .pods()
            .inNamespace(namespace)
            .withLabel(WorkerJobBuilder.LABEL_JOB_ID, labelValue)
            .inform(new PodHandler()));
    for (SharedIndexInformer<?> informer : informers) {
      informer
          .stopped()
          .whenComplete(
              (ignored, error) -> {
                if (error != null && !tracker.closed()) {
                  LOG.errorf(error, "lost the watch on Kubernetes Job %s/%s", namespace, jobName);
                }
              });
    }
  }

  /** Stops the informers; the tracker reports nothing more. */
  @Override
  public void close() {
    tracker.close();
    List<SharedIndexInformer<?>> toStop;
    synchronized (this) {
      closed = true;
      toStop = new ArrayList<>(informers);
      informers.clear();
    }
    for (SharedIndexInformer<?> informer : toStop) {
      try {
        informer.close();
      } catch (RuntimeException e) {
        LOG.debugf(e, "closing an informer of %s/%s", namespace, jobName);
      }
    }
  }

  private boolean ours(Job job) {
    return jobName.equals(job.getMetadata().getName());
  }

  private final class JobHandler implements ResourceEventHandler<Job> {
    @Override
    public void onAdd(Job job) {
      if (ours(job)) {
        tracker.jobChanged(job);
      }
    }

    @Override
    public void onUpdate(Job before, Job after) {
      if (ours(after)) {
        tracker.jobChanged(after);
      }
    }

    @Override
    public void onDelete(Job job, boolean finalStateUnknown) {
      if (ours(job)) {
        tracker.jobDeleted();
      }
    }
  }

  private final class PodHandler implements ResourceEventHandler<Pod> {
    @Override
    public void onAdd(Pod pod) {
      tracker.podChanged(pod);
    }

    @Override
    public void onUpdate(Pod before, Pod after) {
      tracker.podChanged(after);
    }

    @Override
    public void onDelete(Pod pod, boolean finalStateUnknown) {
      tracker.podDeleted(pod);
    }
  }
}
