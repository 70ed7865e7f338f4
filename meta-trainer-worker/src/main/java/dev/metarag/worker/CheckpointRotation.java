package dev.metarag.worker;

import dev.metarag.inference.files.Directories;
import dev.metarag.jobs.AtomicFiles;
import dev.metarag.jobs.JobDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes checkpoints into the job directory atomically and keeps the newest few. A checkpoint is
 * staged under a dot-name (which readers skip) and renamed into {@code checkpoints/step-N} only
 * when complete, so a worker killed mid-write resumes from the previous one.
 */
final class CheckpointRotation {
  /** Complete checkpoints kept: the newest, and two to fall back on. */
  static final int KEPT = 3;

  /** Writes a checkpoint's content into the directory it is given. */
  interface Writer {
    void writeTo(Path directory) throws IOException;
  }

  private final JobDirectory job;

  CheckpointRotation(JobDirectory job) {
    this.job = job;
  }

  /** Writes the checkpoint of {@code step}; returns its path relative to the job directory. */
  String save(long step, Writer writer) throws IOException {
    Path target = job.checkpoint(step);
    Files.createDirectories(job.checkpointsDir());
    Path staging = job.checkpointsDir().resolve("." + target.getFileName() + ".staging");
    Directories.deleteRecursively(staging);
    writer.writeTo(staging);
    Directories.deleteRecursively(
        target); // a step checkpointed twice (resumed just before its checkpoint)
    AtomicFiles.move(staging, target);
    dropOld();
    return job.root().relativize(target).toString();
  }

  private void dropOld() throws IOException {
    List<Long> steps = job.checkpointSteps();
    for (int i = 0; i < steps.size() - KEPT; i++) {
      Directories.deleteRecursively(job.checkpoint(steps.get(i)));
    }
  }
}
