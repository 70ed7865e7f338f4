package dev.metarag.worker;

import dev.metarag.jobs.JobDirectory;
import dev.metarag.jobs.ProgressEvent;
import dev.metarag.jobs.TaskExample;
import dev.metarag.jobs.WorkerConfig;
import dev.metarag.training.model.RagModelSetup;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Job directories for tests: two made-up domains (gadgets and kitchen) of short questions, each
 * with three candidate passages (one holds the answer) and random unit embeddings, and a worker
 * configuration for the tiny model.
 */
final class TinyJobs {
  private static final String[][] GADGETS = {
    {"How long does the battery last?", "The battery lasts two days on one charge.", "two days"},
    {"What colour is the case?", "The case comes in matte black only.", "matte black"},
    {"How heavy is the phone?", "The phone weighs 180 grams with its cover.", "180 grams"},
    {"How bright is the screen?", "The screen reaches 900 nits in sunlight.", "900 nits"},
    {"Which port does it charge through?", "It charges through a USB-C port.", "USB-C"},
    {"How much storage is there?", "There is 128 gigabytes of storage.", "128 gigabytes"},
    {"What is the camera resolution?", "The main camera shoots 50 megapixels.", "50 megapixels"},
    {"Is it waterproof?", "It is rated IP68 against water and dust.", "IP68"},
    {"How fast does it charge?", "It charges to half in twenty minutes.", "twenty minutes"},
    {"Who makes the chip?", "The chip is made by Tensorworks.", "Tensorworks"},
    {"What does the speaker sound like?", "The speaker sounds loud but thin.", "loud but thin"},
    {"How long is the warranty?", "The warranty lasts three years.", "three years"},
  };
  private static final String[][] KITCHEN = {
    {"How fast does the kettle boil?", "The kettle boils water in three minutes.", "three minutes"},
    {"What is the pan made of?", "The pan is made of cast iron.", "cast iron"},
    {"How big is the pot?", "The pot holds five litres of soup.", "five litres"},
    {"Is the knife dishwasher safe?", "The knife must be washed by hand.", "by hand"},
    {"What temperature does the oven reach?", "The oven reaches 250 degrees.", "250 degrees"},
    {"How loud is the blender?", "The blender is as loud as a hair dryer.", "a hair dryer"},
    {"How many slices does the toaster take?", "The toaster takes four slices.", "four slices"},
    {"What handle does the mug have?", "The mug has a bamboo handle.", "bamboo"},
    {"How long does rice take?", "The cooker makes rice in thirty minutes.", "thirty minutes"},
    {"What does the lid fit?", "The lid fits pans of 24 centimetres.", "24 centimetres"},
    {"How is the grinder powered?", "The grinder is powered by hand.", "by hand"},
    {"What colour is the fridge?", "The fridge is pale green.", "pale green"},
  };

  private TinyJobs() {}

  static List<TaskExample> domain(String[][] rows, long seed) {
    List<TaskExample> out = new ArrayList<>();
    for (int i = 0; i < rows.length; i++) {
      List<TaskExample.Passage> candidates = new ArrayList<>();
      candidates.add(passage("p" + i, rows[i][1], seed * 100 + i));
      int other = (i + 1) % rows.length;
      candidates.add(passage("p" + other, rows[other][1], seed * 100 + other));
      int third = (i + 2) % rows.length;
      candidates.add(passage("p" + third, rows[third][1], seed * 100 + third));
      out.add(new TaskExample(rows[i][0], List.of(rows[i][2]), candidates));
    }
    return out;
  }

  static TaskExample.Passage passage(String id, String text, long seed) {
    Random r = new Random(seed);
    float[] v = new float[RagModelSetup.HIDDEN];
    double n = 0;
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian();
      n += v[i] * v[i];
    }
    for (int i = 0; i < v.length; i++) {
      v[i] /= (float) Math.sqrt(n);
    }
    return new TaskExample.Passage(id, text, v);
  }

  /** Writes a job directory for a tiny job of {@code algorithm} over both domains. */
  static JobDirectory write(Path root, String algorithm, int metaSteps, int checkpointEvery)
      throws IOException {
    return write(root, algorithm, metaSteps, checkpointEvery, null);
  }

  /** As {@link #write(Path, String, int, int)}, starting from a registered version. */
  static JobDirectory write(
      Path root,
      String algorithm,
      int metaSteps,
      int checkpointEvery,
      WorkerConfig.BaseVersion baseVersion)
      throws IOException {
    JobDirectory job = new JobDirectory(root);
    String gadgets = job.writeTasks("gadgets", domain(GADGETS, 1));
    String kitchen = job.writeTasks("kitchen", domain(KITCHEN, 2));
    job.writeConfig(
        config(
            algorithm,
            metaSteps,
            checkpointEvery,
            List.of(
                new WorkerConfig.Domain("gadgets", gadgets, GADGETS.length),
                new WorkerConfig.Domain("kitchen", kitchen, KITCHEN.length)),
            baseVersion));
    return job;
  }

  /**
   * Writes a job directory for a general reader trained on the gadgets (each question with its
   * answer passage first and two others) and evaluated on kitchen: 12 questions in batches of 4
   * over {@code epochs}, so 3 steps an epoch.
   */
  static JobDirectory writeGeneralReader(
      Path root, int epochs, int checkpointEvery, int evaluateEvery) throws IOException {
    JobDirectory job = new JobDirectory(root);
    String gadgets = job.writeTasks("gadgets", domain(GADGETS, 1));
    String kitchen = job.writeTasks("kitchen", domain(KITCHEN, 2));
    WorkerConfig meta =
        config(
            "FOMAML",
            3 * epochs,
            checkpointEvery,
            List.of(
                new WorkerConfig.Domain("gadgets", gadgets, GADGETS.length),
                new WorkerConfig.Domain("kitchen", kitchen, KITCHEN.length)),
            null);
    job.writeConfig(
        new WorkerConfig(
            meta.jobId(),
            "UNSPECIFIED",
            meta.model(),
            meta.domains().subList(0, 1),
            meta.domains().subList(1, 2),
            0,
            0,
            0,
            0,
            0,
            0,
            3 * epochs,
            "UNSPECIFIED",
            // As in the meta-training jobs: without the embedding tables, checkpoints stay small.
            "TOP_LAYERS:1",
            "TOP_LAYERS:1",
            meta.seed(),
            checkpointEvery,
            evaluateEvery,
            5,
            3,
            meta.threads(),
            Map.of(),
            null,
            new WorkerConfig.GeneralReader(epochs, 4, 3e-3, 0.2, 2)));
    return job;
  }

  /** Everything the job's worker reported so far. */
  static List<ProgressEvent> events(JobDirectory job) {
    try {
      return job.tailProgress().poll();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static List<ProgressEvent> ofType(List<ProgressEvent> events, ProgressEvent.Type type) {
    return events.stream().filter(e -> e.type() == type).toList();
  }

  static WorkerConfig config(
      String algorithm,
      int metaSteps,
      int checkpointEvery,
      List<WorkerConfig.Domain> domains,
      WorkerConfig.BaseVersion baseVersion) {
    return new WorkerConfig(
        "mt-test-0001",
        algorithm,
        WorkerConfig.MODEL_TINY,
        domains,
        List.of(domains.get(1)),
        3,
        3,
        0.01,
        1,
        0.003,
        2,
        metaSteps,
        "UNIFORM",
        // The top (only) layer and the heads: the embedding tables would make every checkpoint
        // ten times larger without making the test say more.
        "TOP_LAYERS:1",
        "ANIL".equals(algorithm) ? "HEADS_ONLY" : "TOP_LAYERS:1",
        7,
        checkpointEvery,
        0,
        2,
        3,
        2,
        Map.of(),
        baseVersion,
        null);
  }
}
