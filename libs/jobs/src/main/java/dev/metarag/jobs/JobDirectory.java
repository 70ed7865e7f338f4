package dev.metarag.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The layout of one job's directory and the typed reads and writes of its files.
 *
 * <pre>
 * worker-config.json        the WorkerConfig (service, atomic)
 * tasks/&lt;domain&gt;.jsonl      TaskExamples, one per line (service, before the worker starts)
 * pools/&lt;domain&gt;.json       an evaluation domain's CandidatePool (service, before the worker
 *                           starts; absent in jobs prepared before pools existed)
 * base-model/               the package of the registered version the job starts from, if any
 *                           (service, before the worker starts)
 * progress.jsonl            ProgressEvents, appended (worker)
 * worker.log                the worker's standard output and error (local executor)
 * checkpoints/step-NNNNNNNN the state after a meta-step (worker, written aside and renamed)
 * </pre>
 */
public final class JobDirectory {
  public static final String CONFIG_FILE = "worker-config.json";
  public static final String TASKS_DIR = "tasks";
  public static final String POOLS_DIR = "pools";
  public static final String PROGRESS_FILE = "progress.jsonl";
  public static final String LOG_FILE = "worker.log";
  public static final String CHECKPOINTS_DIR = "checkpoints";
  public static final String BASE_MODEL_DIR = "base-model";
  private static final Pattern CHECKPOINT_NAME = Pattern.compile("step-(\\d{8})");

  static final ObjectMapper JSON =
      new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private final Path root;

  public JobDirectory(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  public Path configFile() {
    return root.resolve(CONFIG_FILE);
  }

  public Path progressFile() {
    return root.resolve(PROGRESS_FILE);
  }

  public Path logFile() {
    return root.resolve(LOG_FILE);
  }

  public Path checkpointsDir() {
    return root.resolve(CHECKPOINTS_DIR);
  }

  public Path baseModelDir() {
    return root.resolve(BASE_MODEL_DIR);
  }

  /** The task file of a domain, relative to the job directory. */
  public static String tasksFileName(String domain) {
    return TASKS_DIR + "/" + domain + ".jsonl";
  }

  /** The candidate pool file of a domain, relative to the job directory. */
  public static String poolFileName(String domain) {
    return POOLS_DIR + "/" + domain + ".json";
  }

  /** Where the checkpoint after {@code step} lives. */
  public Path checkpoint(long step) {
    return checkpointsDir().resolve(String.format("step-%08d", step));
  }

  public void writeConfig(WorkerConfig config) throws IOException {
    AtomicFiles.write(
        configFile(), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
  }

  public WorkerConfig readConfig() throws IOException {
    return JSON.readValue(configFile().toFile(), WorkerConfig.class);
  }

  /** Writes a domain's tasks aside and renames them into place; returns the relative file name. */
  public String writeTasks(String domain, List<TaskExample> examples) throws IOException {
    String name = tasksFileName(domain);
    StringBuilder text = new StringBuilder();
    for (TaskExample example : examples) {
      text.append(JSON.writeValueAsString(example)).append('\n');
    }
    AtomicFiles.write(root.resolve(name), text.toString().getBytes(StandardCharsets.UTF_8));
    return name;
  }

  public List<TaskExample> readTasks(String relativeFile) throws IOException {
    List<TaskExample> examples = new ArrayList<>();
    for (String line : Files.readAllLines(root.resolve(relativeFile), StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        examples.add(JSON.readValue(line, TaskExample.class));
      }
    }
    return examples;
  }

  /**
   * Writes a domain's evaluation candidate pool aside and renames it into place; returns the
   * relative file name.
   */
  public String writePool(String domain, CandidatePool pool) throws IOException {
    String name = poolFileName(domain);
    AtomicFiles.write(root.resolve(name), JSON.writeValueAsBytes(pool));
    return name;
  }

  public CandidatePool readPool(String relativeFile) throws IOException {
    return JSON.readValue(root.resolve(relativeFile).toFile(), CandidatePool.class);
  }

  /**
   * Puts a copy of the model package a job starts from into {@value #BASE_MODEL_DIR}, replacing an
   * earlier one: the worker then reads it wherever the job directory is mounted, and still has it
   * when the version is deleted from the registry during the job. Files are hard-linked where the
   * file system allows (a package never changes once registered) and copied otherwise; the copy is
   * assembled aside and renamed into place.
   *
   * @return the copy's directory, relative to the job directory
   */
  public String copyBaseModel(Path packageDir) throws IOException {
    Files.createDirectories(root);
    Path staging = Files.createTempDirectory(root, "." + BASE_MODEL_DIR + "-");
    try {
      TreeLinks.linkOrCopy(packageDir, staging);
      TreeLinks.delete(baseModelDir());
      AtomicFiles.move(staging, baseModelDir());
    } finally {
      TreeLinks.delete(staging);
    }
    return BASE_MODEL_DIR;
  }

  /** Appends an event and forces it to disk, so what the service has read survives a crash. */
  public void appendProgress(ProgressEvent event) {
    try {
      Files.createDirectories(root);
      try (BufferedWriter out =
          Files.newBufferedWriter(
              progressFile(),
              StandardCharsets.UTF_8,
              java.nio.file.StandardOpenOption.CREATE,
              java.nio.file.StandardOpenOption.APPEND,
              java.nio.file.StandardOpenOption.SYNC)) {
        out.write(JSON.writeValueAsString(event));
        out.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + progressFile(), e);
    }
  }

  /** A reader that returns the progress events appended since its last call. */
  public ProgressTail tailProgress() {
    return new ProgressTail(progressFile());
  }

  /** The step of the newest complete checkpoint, if any. */
  public Optional<Long> latestCheckpointStep() throws IOException {
    return checkpointSteps().stream().max(Comparator.naturalOrder());
  }

  /** Steps of the complete checkpoints (staging directories start with a dot and are skipped). */
  public List<Long> checkpointSteps() throws IOException {
    if (!Files.isDirectory(checkpointsDir())) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(checkpointsDir())) {
      return entries
          .map(p -> CHECKPOINT_NAME.matcher(p.getFileName().toString()))
          .filter(Matcher::matches)
          .map(m -> Long.parseLong(m.group(1)))
          .sorted()
          .toList();
    }
  }
}
