package dev.metarag.training.supervised;

import dev.metarag.training.rag.ParameterSubset;

/**
 * Settings of a supervised training run.
 *
 * @param epochs passes over the training examples
 * @param batchSize examples per optimisation step
 * @param learningRate Adam's peak step size
 * @param subset parameters trained
 * @param seed seeds example order
 * @param checkpointEvery write a checkpoint every N steps (0: only at the end)
 * @param warmupFraction share of the steps over which the rate rises linearly to its peak, before
 *     it decays linearly to zero ({@link LearningRateSchedule}); 0 keeps it constant
 */
public record TrainingConfig(
    int epochs,
    int batchSize,
    float learningRate,
    ParameterSubset subset,
    long seed,
    int checkpointEvery,
    float warmupFraction) {

  public TrainingConfig {
    if (epochs < 1
        || batchSize < 1
        || !(learningRate > 0)
        || checkpointEvery < 0
        || !(warmupFraction >= 0 && warmupFraction < 1)) {
      throw new IllegalArgumentException(
          "training config out of range: epochs "
              + epochs
              + ", batch "
              + batchSize
              + ", learning rate "
              + learningRate
              + ", checkpoint every "
              + checkpointEvery
              + ", warm-up fraction "
              + warmupFraction);
    }
  }

  /** A run at a constant learning rate. */
  public TrainingConfig(
      int epochs,
      int batchSize,
      float learningRate,
      ParameterSubset subset,
      long seed,
      int checkpointEvery) {
    this(epochs, batchSize, learningRate, subset, seed, checkpointEvery, 0f);
  }

  /** The learning rate of every step of a run of {@code totalSteps}. */
  LearningRateSchedule schedule(long totalSteps) {
    if (warmupFraction == 0) {
      return LearningRateSchedule.constant(learningRate, totalSteps);
    }
    return LearningRateSchedule.warmupThenDecay(
        learningRate, (long) Math.floor(warmupFraction * totalSteps), totalSteps);
  }
}
