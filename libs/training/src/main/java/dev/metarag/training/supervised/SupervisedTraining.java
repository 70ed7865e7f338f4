package dev.metarag.training.supervised;

import ai.djl.ndarray.NDManager;
import dev.metarag.training.rag.RagExample;
import dev.metarag.training.rag.RagModel;
import dev.metarag.training.rag.RagParameters;
import dev.metarag.training.rag.RagTrainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Supervised training of the RAG model on examples whose retrieval candidates were computed
 * beforehand. Example order is seeded; a checkpoint is written every N steps and at the end; each
 * step is reported to a listener (for logs and progress streams).
 */
public final class SupervisedTraining {
  private final RagModel model;
  private final TrainingConfig config;
  private final Path checkpointDir;
  private final Consumer<Progress> listener;

  /**
   * One step's report.
   *
   * @param skipped examples in the batch whose answer was in no candidate
   */
  public record Progress(
      int step, int totalSteps, int epoch, float loss, int skipped, double secondsPerStep) {}

  public SupervisedTraining(
      RagModel model, TrainingConfig config, Path checkpointDir, Consumer<Progress> listener) {
    this.model = model;
    this.config = config;
    this.checkpointDir = checkpointDir;
    this.listener = listener;
  }

  /** Trains {@code params} in place; returns the path of the final checkpoint. */
  public Path run(RagParameters params, List<RagExample> examples, NDManager manager)
      throws IOException {
    RagTrainer trainer =
        new RagTrainer(model, params, config.subset(), config.learningRate(), manager);
    List<RagExample> order = new ArrayList<>(examples);
    Random random = new Random(config.seed());
    int stepsPerEpoch = (order.size() + config.batchSize() - 1) / config.batchSize();
    int total = stepsPerEpoch * config.epochs();
    int step = 0;
    long started = System.nanoTime();
    for (int epoch = 1; epoch <= config.epochs(); epoch++) {
      Collections.shuffle(order, random);
      for (int from = 0; from < order.size(); from += config.batchSize()) {
        List<RagExample> batch =
            order.subList(from, Math.min(order.size(), from + config.batchSize()));
        RagTrainer.StepResult r = trainer.step(batch);
        step++;
        listener.accept(
            new Progress(
                step,
                total,
                epoch,
                r.loss(),
                r.skipped(),
                (System.nanoTime() - started) / 1e9 / step));
        if (config.checkpointEvery() > 0 && step % config.checkpointEvery() == 0) {
          Checkpoints.save(params, checkpointDir.resolve("checkpoint-" + step + ".ndlist"));
        }
      }
    }
    Path last = checkpointDir.resolve("final.ndlist");
    Checkpoints.save(params, last);
    return last;
  }
}
