package dev.metarag.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metarag.jobs.JobDirectory;
import dev.metarag.jobs.ProgressEvent;
import dev.metarag.jobs.WorkerConfig;
import dev.metarag.training.export.RagPackages;
import dev.metarag.training.model.RagModelSetup;
import dev.metarag.training.rag.RagParameters;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job whose configuration names a registered version starts from that version's parameters (and
 * Meta-SGD's learned rates), not from the model's own initialisation. The version here is a tiny
 * model drawn with another seed than the job's, with a relevance bias no initialisation has; the
 * jobs train only the top layer and the heads, so the embeddings they register are the ones they
 * started from.
 */
class BaseVersionRunTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long VERSION_SEED = 99;
  private static final float VERSION_RELEVANCE_BIAS = 5f;
  private static final float LEARNED_SPAN_RATE = 0.5f;
  private static final String WORD_EMBEDDINGS = "query.embeddings.word_embeddings.weight";
  private static final WorkerConfig.BaseVersion THETA0_9 =
      new WorkerConfig.BaseVersion("theta0-9", List.of("base"), JobDirectory.BASE_MODEL_DIR);

  @TempDir Path temp;

  @Test
  void theRunStartsFromTheVersionsParameters() throws Exception {
    Path version = writeVersion(Map.of());
    JobDirectory job = TinyJobs.write(temp.resolve("job"), "FOMAML", 2, 0, THETA0_9);
    job.copyBaseModel(version);

    assertThat(new WorkerRun(job, new StopSignal()).run()).isEqualTo(WorkerRun.Outcome.SUCCEEDED);

    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      RagParameters start = RagPackages.readParameters(version, manager);
      RagParameters theta0 = RagPackages.readParameters(output(job), manager);
      // Not trained: exactly as in the version (a fresh start draws them with the job's seed 7).
      // Arrays.mismatch: AssertJ's diff of 11 million floats would take minutes.
      assertThat(
              Arrays.mismatch(
                  theta0.get(WORD_EMBEDDINGS).toFloatArray(),
                  start.get(WORD_EMBEDDINGS).toFloatArray()))
          .as("index of the first word embedding that differs")
          .isEqualTo(-1);
      // Trained for two Adam steps of 0.003: still near the version's value, far from 0.
      assertThat(theta0.get(RagParameters.RELEVANCE_BIAS).getFloat(0))
          .isCloseTo(VERSION_RELEVANCE_BIAS, within(0.1f));
    }
    assertThat(started(job))
        .isEqualTo("starting FOMAML from theta0-9 (tiny) over gadgets, kitchen");
  }

  @Test
  void metaSgdKeepsTheVersionsLearnedRatesAndStartsTheOthersAtTheJobsRate() throws Exception {
    Path version = writeVersion(Map.of(RagParameters.SPAN_WEIGHT, LEARNED_SPAN_RATE));
    JobDirectory job = TinyJobs.write(temp.resolve("job"), "META_SGD", 1, 0, THETA0_9);
    job.copyBaseModel(version);

    new WorkerRun(job, new StopSignal()).run();

    assertThat(events(job))
        .filteredOn(e -> e.type() == ProgressEvent.Type.LOG)
        .extracting(ProgressEvent::message)
        .anyMatch(m -> m.startsWith("Meta-SGD inner rates: 1 of ") && m.contains("theta0-9"));
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      Map<String, NDArray> rates = RagPackages.readInnerRates(output(job), manager);
      // One Adam step of 0.003 from where each started: 0.5 as learned, 0.01 as configured.
      assertAllNear(rates.get(RagParameters.SPAN_WEIGHT).toFloatArray(), LEARNED_SPAN_RATE, 0.01f);
      assertAllNear(rates.get(RagParameters.RELEVANCE_WEIGHT).toFloatArray(), 0.01f, 0.005f);
    }
  }

  @Test
  void aVersionOfAnotherModelFailsTheRunSayingWhichModels() throws Exception {
    Path version = writeVersion(Map.of());
    ObjectNode manifest = (ObjectNode) JSON.readTree(version.resolve("manifest.json").toFile());
    manifest.put("model", RagModelSetup.MINILM);
    JSON.writeValue(version.resolve("manifest.json").toFile(), manifest);
    JobDirectory job = TinyJobs.write(temp.resolve("job"), "FOMAML", 1, 0, THETA0_9);
    job.copyBaseModel(version);

    assertThatThrownBy(() -> new WorkerRun(job, new StopSignal()).run())
        .hasMessage(
            "base model version theta0-9 holds the all-minilm-l6-v2 model, but the job trains"
                + " tiny");
  }

  /** A tiny-model package as a registered version holds it, with the given learned rates. */
  private Path writeVersion(Map<String, Float> learnedRates) throws Exception {
    Path dir = temp.resolve("registry").resolve("theta0-9");
    RagModelSetup setup = RagModelSetup.of(RagModelSetup.TINY);
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      RagParameters params = setup.initialParameters(VERSION_SEED, manager);
      params
          .asMap()
          .put(RagParameters.RELEVANCE_BIAS, manager.create(new float[] {VERSION_RELEVANCE_BIAS}));
      Map<String, NDArray> rates = new LinkedHashMap<>();
      learnedRates.forEach(
          (name, rate) ->
              rates.put(name, manager.full(params.get(name).getShape(), rate.floatValue())));
      RagPackages.write(dir, setup, params, rates, JSON.createObjectNode().put("name", "theta0-9"));
    }
    return dir;
  }

  private static void assertAllNear(float[] values, float expected, float tolerance) {
    assertThat(values).isNotEmpty();
    for (float v : values) {
      assertThat(v).isCloseTo(expected, within(tolerance));
    }
  }

  private static Path output(JobDirectory job) {
    return job.root().resolve(WorkerConfig.OUTPUT_PACKAGE);
  }

  private static String started(JobDirectory job) {
    return events(job).stream()
        .filter(e -> e.type() == ProgressEvent.Type.STARTED)
        .findFirst()
        .orElseThrow()
        .message();
  }

  private static List<ProgressEvent> events(JobDirectory job) {
    try {
      return job.tailProgress().poll();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
