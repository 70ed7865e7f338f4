/**
 * Where a job's worker runs. A {@link dev.metarag.trainer.executor.JobExecutor} starts, restarts
 * and stops workers and tells the job's supervisor about their life (running, restarting,
 * finished); what a worker achieves (steps, losses, checkpoints) the supervisor reads from the job
 * directory, the same way for every executor. {@code local} runs a worker JVM on this machine;
 * {@code kubernetes} runs a batch/v1 Job.
 */
package dev.metarag.trainer.executor;
