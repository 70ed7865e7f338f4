package dev.metarag.trainer.job;

import dev.metarag.jobs.AtomicFiles;
import dev.metarag.proto.v1.Job;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Job records on disk: {@code <root>/<id>/job.pb}, written whole and renamed into place, next to
 * the job's working files. A restarted service reads them all back.
 */
public final class JobStore {
  static final String RECORD_FILE = "job.pb";
  private static final Pattern ID = Pattern.compile("mt-(\\d{8})-(\\d{4,})");
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  private final Path root;
  private final ConcurrentHashMap<String, Job> jobs = new ConcurrentHashMap<>();
  private long lastNumber;

  public JobStore(Path root) {
    this.root = root;
    load();
  }

  /** The directory of a job: its record and the files its worker reads and writes. */
  public Path directory(String jobId) {
    return root.resolve(jobId);
  }

  /** A new, unused job id such as {@code mt-20261124-0007}; numbers never repeat. */
  public synchronized String newId() {
    lastNumber++;
    String day = LocalDate.now(ZoneOffset.UTC).format(DAY);
    return String.format("mt-%s-%04d", day, lastNumber);
  }

  /** Stores the job durably; returns it. */
  public Job save(Job job) {
    try {
      AtomicFiles.write(directory(job.getId()).resolve(RECORD_FILE), job.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the record of job " + job.getId(), e);
    }
    jobs.put(job.getId(), job);
    return job;
  }

  public Optional<Job> get(String id) {
    return Optional.ofNullable(jobs.get(id));
  }

  /** All jobs, newest first. */
  public List<Job> newestFirst() {
    List<Job> all = new ArrayList<>(jobs.values());
    all.sort(
        Comparator.comparingLong(Job::getCreatedAtMillis).thenComparing(Job::getId).reversed());
    return all;
  }

  private void load() {
    try {
      Files.createDirectories(root);
      try (Stream<Path> dirs = Files.list(root)) {
        for (Path dir : dirs.toList()) {
          Path record = dir.resolve(RECORD_FILE);
          Matcher m = ID.matcher(dir.getFileName().toString());
          if (!m.matches() || !Files.exists(record)) {
            continue;
          }
          Job job = Job.parseFrom(Files.readAllBytes(record));
          jobs.put(job.getId(), job);
          lastNumber = Math.max(lastNumber, Long.parseLong(m.group(2)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read job records under " + root, e);
    }
  }
}
