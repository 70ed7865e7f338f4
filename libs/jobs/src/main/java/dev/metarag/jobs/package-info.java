/**
 * The job directory: everything the meta-trainer service and a training worker exchange, as files.
 *
 * <p>The service prepares a directory per job ({@link dev.metarag.jobs.JobDirectory}): the worker's
 * configuration ({@link dev.metarag.jobs.WorkerConfig}) and the tasks of each domain with their
 * retrieval candidates already attached ({@link dev.metarag.jobs.TaskExample}, one JSON line each).
 * The worker appends {@link dev.metarag.jobs.ProgressEvent}s to a log the service tails, writes
 * checkpoints atomically, and ends with a result file. Files rather than a socket, because the same
 * directory works for a local worker process and for a Kubernetes pod that mounts it from a
 * persistent volume, and because it outlives both: a restarted service or a resumed worker reads
 * where things stand from it.
 */
package dev.metarag.jobs;
