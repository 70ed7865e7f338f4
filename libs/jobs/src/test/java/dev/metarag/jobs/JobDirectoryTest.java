package dev.metarag.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobDirectoryTest {
  @TempDir Path dir;

  @Test
  void configRoundTripsThroughItsFile() throws Exception {
    JobDirectory job = new JobDirectory(dir);
    WorkerConfig config =
        new WorkerConfig(
            "mt-1",
            "FOMAML",
            WorkerConfig.MODEL_TINY,
            List.of(new WorkerConfig.Domain("law", JobDirectory.tasksFileName("law"), 12)),
            List.of(),
            4,
            4,
            1e-3,
            1,
            1e-4,
            2,
            10,
            "UNIFORM",
            "ALL",
            "HEADS_ONLY",
            7,
            5,
            10,
            20,
            3,
            1,
            Map.of("law.json", "ab12"),
            new WorkerConfig.BaseVersion("theta0-2", List.of("base"), JobDirectory.BASE_MODEL_DIR),
            null);
    job.writeConfig(config);
    assertThat(job.readConfig()).isEqualTo(config);
    assertThat(job.readConfig().trainsGeneralReader()).isFalse();

    WorkerConfig general =
        new WorkerConfig(
            "mt-2",
            "UNSPECIFIED",
            WorkerConfig.MODEL_TINY,
            config.domains(),
            List.of(),
            0,
            0,
            0,
            0,
            0,
            0,
            120,
            "UNSPECIFIED",
            "ALL",
            "ALL",
            7,
            50,
            100,
            20,
            5,
            1,
            Map.of(),
            null,
            new WorkerConfig.GeneralReader(2, 16, 1e-4, 0.1, 1));
    job.writeConfig(general);
    assertThat(job.readConfig()).isEqualTo(general);
    assertThat(job.readConfig().trainsGeneralReader()).isTrue();
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("worker-config.json");
    }
  }

  @Test
  void aConfigWrittenBeforeBaseVersionsExistedStartsFromThePretrainedModel() throws Exception {
    JobDirectory job = new JobDirectory(dir);
    Files.writeString(
        job.configFile(),
        """
        {"jobId": "mt-1", "algorithm": "FOMAML", "model": "tiny", "domains": [],
         "evaluationDomains": [], "metaSteps": 10}
        """);

    assertThat(job.readConfig().baseVersion()).isNull();
  }

  @Test
  void anEvaluationDomainKeepsItsPoolFileAndAConfigWrittenBeforePoolsHasNone() throws Exception {
    JobDirectory job = new JobDirectory(dir);
    WorkerConfig.Domain pooled =
        new WorkerConfig.Domain(
            "garden", JobDirectory.tasksFileName("garden"), 9, JobDirectory.poolFileName("garden"));
    WorkerConfig config =
        new WorkerConfig(
            "mt-1",
            "FOMAML",
            WorkerConfig.MODEL_TINY,
            List.of(new WorkerConfig.Domain("law", JobDirectory.tasksFileName("law"), 12)),
            List.of(pooled),
            4,
            4,
            1e-3,
            1,
            1e-4,
            2,
            10,
            "UNIFORM",
            "ALL",
            "ALL",
            7,
            5,
            10,
            20,
            3,
            1,
            Map.of(),
            null,
            null);
    job.writeConfig(config);
    assertThat(job.readConfig()).isEqualTo(config);
    assertThat(job.readConfig().evaluationDomains().get(0).poolFile())
        .isEqualTo("pools/garden.json");
    assertThat(job.readConfig().domains().get(0).poolFile()).isNull();

    Files.writeString(
        job.configFile(),
        """
        {"jobId": "mt-1", "algorithm": "FOMAML", "model": "tiny", "domains": [],
         "evaluationDomains": [{"name": "garden", "tasksFile": "tasks/garden.jsonl",
                                "examples": 9}],
         "metaSteps": 10}
        """);
    assertThat(job.readConfig().evaluationDomains().get(0).poolFile()).isNull();
  }

  @Test
  void aCandidatePoolKeepsEachPassageOnceAndEachQuestionsOrder() throws Exception {
    JobDirectory job = new JobDirectory(dir);
    TaskExample.Passage a = new TaskExample.Passage("d1#0", "Ada wrote it.", new float[] {1, 0});
    TaskExample.Passage b = new TaskExample.Passage("d2#0", "Bob read it.", new float[] {0, 1});
    CandidatePool pool = new CandidatePool(100, List.of(a, b), List.of(List.of(1, 0), List.of(0)));

    String file = job.writePool("history", pool);
    CandidatePool read = job.readPool(file);

    assertThat(file).isEqualTo(JobDirectory.poolFileName("history"));
    assertThat(read.depth()).isEqualTo(100);
    assertThat(read.covers(1)).isTrue();
    assertThat(read.covers(2)).isFalse();
    assertThat(read.of(0))
        .extracting(TaskExample.Passage::passageId)
        .containsExactly("d2#0", "d1#0");
    assertThat(read.of(1)).extracting(TaskExample.Passage::text).containsExactly("Ada wrote it.");
    assertThat(read.of(0).get(1).embedding()).containsExactly(1f, 0f);
    try (var files = Files.list(job.root().resolve(JobDirectory.POOLS_DIR))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("history.json");
    }
  }

  @Test
  void theBaseModelCopyHoldsThePackageAndOutlivesIt() throws Exception {
    Path pkg = dir.resolve("registry").resolve("theta0-2");
    Files.createDirectories(pkg.resolve("graphs"));
    Files.writeString(pkg.resolve("manifest.json"), "{\"model\": \"tiny\"}");
    Files.write(pkg.resolve("parameters.ndlist"), new byte[] {1, 2, 3});
    Files.writeString(pkg.resolve("graphs").resolve("reader.onnx"), "graph");
    JobDirectory job = new JobDirectory(dir.resolve("jobs").resolve("mt-1"));

    String copy = job.copyBaseModel(pkg);
    deleteTree(pkg);

    assertThat(copy).isEqualTo("base-model");
    Path base = job.root().resolve(copy);
    assertThat(base).isEqualTo(job.baseModelDir());
    assertThat(base.resolve("manifest.json")).hasContent("{\"model\": \"tiny\"}");
    assertThat(base.resolve("parameters.ndlist")).hasBinaryContent(new byte[] {1, 2, 3});
    assertThat(base.resolve("graphs").resolve("reader.onnx")).hasContent("graph");
  }

  @Test
  void copyingTheBaseModelAgainReplacesTheEarlierCopyAndLeavesNoStaging() throws Exception {
    Path first = dir.resolve("first");
    Files.createDirectories(first);
    Files.writeString(first.resolve("old.txt"), "old");
    Path second = dir.resolve("second");
    Files.createDirectories(second);
    Files.writeString(second.resolve("new.txt"), "new");
    JobDirectory job = new JobDirectory(dir.resolve("job"));

    job.copyBaseModel(first);
    job.copyBaseModel(second);

    try (var files = Files.list(job.baseModelDir())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("new.txt");
    }
    try (var files = Files.list(job.root())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("base-model");
    }
  }

  @Test
  void tasksKeepTheirCandidatesAndEmbeddings() throws Exception {
    JobDirectory job = new JobDirectory(dir);
    TaskExample example =
        new TaskExample(
            "Who wrote it?",
            List.of("Ada", "Ada Lovelace"),
            List.of(new TaskExample.Passage("d1#0", "Ada wrote it.", new float[] {0.6f, -0.8f})));
    String file = job.writeTasks("history", List.of(example, example));
    List<TaskExample> read = job.readTasks(file);
    assertThat(read).hasSize(2);
    assertThat(read.get(1).answers()).containsExactly("Ada", "Ada Lovelace");
    assertThat(read.get(1).candidates().get(0).embedding()).containsExactly(0.6f, -0.8f);
  }

  @Test
  void tailReturnsOnlyCompleteNewLines() throws Exception {
    JobDirectory job = new JobDirectory(dir);
    ProgressTail tail = job.tailProgress();
    assertThat(tail.poll()).isEmpty();
    job.appendProgress(ProgressEvent.of(ProgressEvent.Type.STARTED, 0, 10, "go"));
    job.appendProgress(
        new ProgressEvent(
            ProgressEvent.Type.STEP, 1, 1, 10, 2.5, 3.0, 2.9, null, null, null, null));
    assertThat(tail.poll())
        .extracting(ProgressEvent::type)
        .containsExactly(ProgressEvent.Type.STARTED, ProgressEvent.Type.STEP);
    // A line the worker has only half written yet.
    Files.writeString(
        job.progressFile(), "{\"type\":\"STEP\",\"step\":2", StandardOpenOption.APPEND);
    assertThat(tail.poll()).isEmpty();
    Files.writeString(
        job.progressFile(),
        ",\"totalSteps\":10,\"metaLoss\":2.0}\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    List<ProgressEvent> rest = tail.poll();
    assertThat(rest).singleElement().satisfies(e -> assertThat(e.metaLoss()).isEqualTo(2.0));
  }

  @Test
  void evaluationEventsCarryMetricsPerDomain() throws Exception {
    JobDirectory job = new JobDirectory(dir);
    var metrics = new ProgressEvent.Metrics(0.5, 0.6, 0.7, 0.9, 1.2, 20);
    job.appendProgress(
        new ProgressEvent(
            ProgressEvent.Type.EVALUATION,
            1,
            5,
            10,
            null,
            null,
            null,
            Map.of("law", metrics, "*", metrics),
            null,
            null,
            null));
    assertThat(job.tailProgress().poll().get(0).evaluation()).containsEntry("law", metrics);
  }

  @Test
  void onlyCompleteCheckpointsAreListed() throws Exception {
    JobDirectory job = new JobDirectory(dir);
    assertThat(job.latestCheckpointStep()).isEmpty();
    Files.createDirectories(job.checkpoint(5));
    Files.createDirectories(job.checkpoint(10));
    Files.createDirectories(job.checkpointsDir().resolve(".step-00000015.staging"));
    assertThat(job.checkpointSteps()).containsExactly(5L, 10L);
    assertThat(job.latestCheckpointStep()).contains(10L);
  }

  private static void deleteTree(Path root) throws java.io.IOException {
    try (var tree = Files.walk(root)) {
      for (Path p : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
