package dev.metarag.training.supervised;

/**
 * The learning rate of each step: a linear warm-up from zero to the peak over the first steps, then
 * a linear decay to zero at the last step (the schedule BERT-style readers are fine-tuned with: the
 * warm-up keeps the first updates of fresh heads from wrecking the pretrained encoder, the decay
 * settles the weights).
 *
 * @param peak the rate at the end of the warm-up
 * @param warmupSteps steps of the warm-up (0 starts at the peak)
 * @param totalSteps steps of the whole run
 * @param decays whether the rate decays after the warm-up (false keeps it at the peak)
 */
public record LearningRateSchedule(float peak, long warmupSteps, long totalSteps, boolean decays) {
  /** The same rate at every step. */
  public static LearningRateSchedule constant(float rate, long totalSteps) {
    return new LearningRateSchedule(rate, 0, totalSteps, false);
  }

  /** Warm-up over {@code warmupSteps}, then linear decay to the last step. */
  public static LearningRateSchedule warmupThenDecay(
      float peak, long warmupSteps, long totalSteps) {
    return new LearningRateSchedule(peak, warmupSteps, totalSteps, true);
  }

  public LearningRateSchedule {
    if (!(peak > 0) || totalSteps < 1 || warmupSteps < 0 || warmupSteps > totalSteps) {
      throw new IllegalArgumentException(
          "schedule out of range: peak "
              + peak
              + ", warm-up "
              + warmupSteps
              + " of "
              + totalSteps
              + " steps");
    }
  }

  /** The rate of step {@code step}, 1-based. */
  public float rateAt(long step) {
    if (step <= warmupSteps) {
      return peak * step / (warmupSteps + 1);
    }
    if (!decays) {
      return peak;
    }
    long decaySteps = totalSteps - warmupSteps;
    return peak * (totalSteps - step + 1) / (float) decaySteps;
  }
}
