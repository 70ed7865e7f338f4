package dev.metarag.training.supervised;

import dev.metarag.training.rag.ParameterSubset;

/**
 * Settings of a supervised training run.
 *
 * @param epochs passes over the training examples
 * @param batchSize examples per optimisation step
 * @param learningRate Adam's step size
 * @param subset parameters trained
 * @param seed seeds example order and head initialisation
 * @param checkpointEvery write a checkpoint every N steps (0: only at the end)
 */
public record TrainingConfig(
    int epochs,
    int batchSize,
    float learningRate,
    ParameterSubset subset,
    long seed,
    int checkpointEvery) {

  public TrainingConfig {
    if (epochs < 1 || batchSize < 1 || !(learningRate > 0) || checkpointEvery < 0) {
      throw new IllegalArgumentException(
          "training config out of range: epochs "
              + epochs
              + ", batch "
              + batchSize
              + ", learning rate "
              + learningRate
              + ", checkpoint every "
              + checkpointEvery);
    }
  }
}
