/**
 * The LOCAL executor: each job's worker is a separate JVM on this machine, so the training engine's
 * native memory and threads never touch the service. A crashed worker is restarted from its last
 * checkpoint; its output goes to the job directory's worker.log.
 */
package dev.metarag.trainer.executor.local;
