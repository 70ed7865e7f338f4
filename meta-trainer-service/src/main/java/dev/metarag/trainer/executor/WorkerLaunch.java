package dev.metarag.trainer.executor;

import dev.metarag.proto.v1.JobSpec;
import java.nio.file.Path;

/**
 * What an executor needs to run a job's worker.
 *
 * @param jobId the job's id
 * @param jobDirectory the prepared job directory, as this service sees it
 * @param spec the job's spec with defaults filled in (executor options among them)
 */
public record WorkerLaunch(String jobId, Path jobDirectory, JobSpec spec) {}
