/**
 * The KUBERNETES executor: each job's worker is a batch/v1 Job (GPU limits, node selector,
 * tolerations, the shared volume with job directories and the model registry), watched so that its
 * pods' fate maps onto job states; cancelling deletes the Job.
 */
package dev.metarag.trainer.executor.kubernetes;
