/**
 * The KUBERNETES executor: each job's worker is a batch/v1 Job (GPU limits, node selector,
 * tolerations, the shared volume with job directories), watched so that its pods' fate maps onto
 * job states; cancelling deletes the Job.
 *
 * <ul>
 *   <li>{@link dev.metarag.trainer.executor.kubernetes.WorkerJobBuilder} builds the Job from the
 *       job's completed spec and the service's settings; {@link
 *       dev.metarag.trainer.executor.kubernetes.JobNames} derives its DNS-1123 name; {@link
 *       dev.metarag.trainer.executor.kubernetes.WorkerPodSecurity} confines its pod (non-root,
 *       read-only root, no capabilities, seccomp RuntimeDefault, emptyDir /tmp and DJL cache).
 *   <li>{@link dev.metarag.trainer.executor.kubernetes.WorkerJobWatch} runs informers on the Job
 *       and its pods; {@link dev.metarag.trainer.executor.kubernetes.WorkerJobTracker} turns what
 *       they see ({@link dev.metarag.trainer.executor.kubernetes.PodStates}, {@link
 *       dev.metarag.trainer.executor.kubernetes.JobOutcome}) into running, restarting and finished.
 *   <li>{@link dev.metarag.trainer.executor.kubernetes.KubernetesExecutor} creates the Job, or
 *       attaches to it after a service restart, and deletes it on cancel.
 * </ul>
 *
 * <p>A pod that fails is replaced by the Job controller (restartPolicy Never, backoffLimit retries)
 * and the new worker resumes from the last checkpoint; preemptions and evictions do not count
 * against the limit. The job directory lives on a persistent volume claim that the service and the
 * pods both mount: the service passes the pod its path under the pod's mount.
 */
package dev.metarag.trainer.executor.kubernetes;
