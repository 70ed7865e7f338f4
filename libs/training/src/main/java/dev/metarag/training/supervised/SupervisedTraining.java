package dev.metarag.training.supervised;

import ai.djl.ndarray.NDManager;
import dev.metarag.training.rag.RagExample;
import dev.metarag.training.rag.RagModel;
import dev.metarag.training.rag.RagParameters;
import dev.metarag.training.rag.RagTrainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Supervised training of the RAG model on examples whose retrieval candidates were computed
 * beforehand: epochs of batches of similar length ({@link LengthBatches}, seeded per epoch), Adam
 * with the configured schedule, a checkpoint every N steps and at the end, and a report after every
 * step. A run resumed from a checkpoint takes exactly the steps the interrupted run would have
 * taken: the batches of a step depend only on the seed and the step number.
 */
public final class SupervisedTraining {
  private final RagModel model;
  private final TrainingConfig config;
  private final Checkpointer checkpointer;
  private final Consumer<Progress> listener;

  /** Saves the state after a step, for {@link #run} to resume from. */
  public interface Checkpointer {
    /**
     * @param last whether this is the state after the run's last step
     */
    void save(long step, boolean last, RagParameters params, RagTrainer.AdamState optimiser)
        throws IOException;
  }

  /**
   * One step's report.
   *
   * @param used examples in the batch with an answer in a candidate
   * @param skipped examples in the batch whose answer was in no candidate
   * @param questionsPerSecond questions (used or skipped) per second since this run (re)started
   * @param etaMillis estimated time to the last step, from this run's pace
   * @param learningRate the rate this step used
   */
  public record Progress(
      long step,
      long totalSteps,
      int epoch,
      float loss,
      int used,
      int skipped,
      double secondsPerStep,
      double questionsPerSecond,
      long etaMillis,
      float learningRate) {}

  /** Where a run starts: from scratch, or after a checkpointed step with its optimiser state. */
  public record Start(long completedSteps, RagTrainer.AdamState optimiser) {
    public static final Start FRESH = new Start(0, RagTrainer.AdamState.fresh());
  }

  /** How a run ended. */
  public enum Outcome {
    COMPLETED,
    STOPPED
  }

  public SupervisedTraining(
      RagModel model,
      TrainingConfig config,
      Checkpointer checkpointer,
      Consumer<Progress> listener) {
    this.model = model;
    this.config = config;
    this.checkpointer = checkpointer;
    this.listener = listener;
  }

  /**
   * Training that keeps only parameters: {@code checkpoint-<step>.ndlist} every N steps and {@code
   * final.ndlist} at the end, in {@code checkpointDir} (not resumable: no optimiser state).
   */
  public SupervisedTraining(
      RagModel model, TrainingConfig config, Path checkpointDir, Consumer<Progress> listener) {
    this(
        model,
        config,
        (step, last, params, optimiser) ->
            Checkpoints.save(
                params,
                checkpointDir.resolve(last ? "final.ndlist" : "checkpoint-" + step + ".ndlist")),
        listener);
  }

  /** Steps of a run over {@code examples} questions: every epoch ends with a partial batch. */
  public long totalSteps(int examples) {
    return stepsPerEpoch(examples) * (long) config.epochs();
  }

  private long stepsPerEpoch(int examples) {
    return (examples + config.batchSize() - 1) / config.batchSize();
  }

  /** Trains {@code params} in place from scratch to the end; for runs without resume. */
  public Outcome run(RagParameters params, List<RagExample> examples, NDManager manager)
      throws IOException {
    return run(params, examples, manager, Start.FRESH, () -> false);
  }

  /**
   * Trains {@code params} in place from {@code start} until the last step, or until {@code stop}
   * says so between steps (then the state after the last completed step is checkpointed).
   */
  public Outcome run(
      RagParameters params,
      List<RagExample> examples,
      NDManager manager,
      Start start,
      BooleanSupplier stop)
      throws IOException {
    if (examples.isEmpty()) {
      throw new IllegalArgumentException("no training examples");
    }
    RagTrainer trainer =
        new RagTrainer(
            model, params, config.subset(), config.learningRate(), manager, start.optimiser());
    long total = totalSteps(examples.size());
    long perEpoch = stepsPerEpoch(examples.size());
    LearningRateSchedule schedule = config.schedule(total);
    Map<RagExample, Integer> lengths = new IdentityHashMap<>();
    List<List<RagExample>> batches = null;
    int batchesOfEpoch = 0;
    long lastCheckpoint = start.completedSteps();
    long questions = 0;
    long started = System.nanoTime();
    for (long step = start.completedSteps() + 1; step <= total; step++) {
      if (stop.getAsBoolean()) {
        if (lastCheckpoint < step - 1) {
          checkpointer.save(step - 1, false, params, trainer.state());
        }
        return Outcome.STOPPED;
      }
      int epoch = (int) ((step - 1) / perEpoch) + 1;
      if (batches == null || batchesOfEpoch != epoch) {
        batches =
            LengthBatches.similarLengths(
                examples,
                config.batchSize(),
                e -> lengths.computeIfAbsent(e, model::pairLength),
                config.seed() * 1_000_003L + epoch);
        batchesOfEpoch = epoch;
      }
      List<RagExample> batch = batches.get((int) ((step - 1) % perEpoch));
      float rate = schedule.rateAt(step);
      RagTrainer.StepResult r = trainer.step(batch, rate);
      questions += batch.size();
      long doneHere = step - start.completedSteps();
      double seconds = (System.nanoTime() - started) / 1e9;
      listener.accept(
          new Progress(
              step,
              total,
              epoch,
              r.loss(),
              r.used(),
              r.skipped(),
              seconds / doneHere,
              questions / seconds,
              (long) (1000 * seconds / doneHere * (total - step)),
              rate));
      if (config.checkpointEvery() > 0 && step % config.checkpointEvery() == 0 && step < total) {
        checkpointer.save(step, false, params, trainer.state());
        lastCheckpoint = step;
      }
    }
    checkpointer.save(total, true, params, trainer.state());
    return Outcome.COMPLETED;
  }
}
