/**
 * The meta-training worker: one entry point ({@link dev.metarag.worker.MetaTrainingWorker}) for
 * local processes and Kubernetes pods. It reads a job directory, resumes from its last checkpoint,
 * meta-trains, evaluates, checkpoints, and writes theta0 into the model registry.
 */
package dev.metarag.worker;
