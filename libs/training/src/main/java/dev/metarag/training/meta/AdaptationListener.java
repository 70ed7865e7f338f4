package dev.metarag.training.meta;

/** Hears about each inner step of an adaptation, for progress reports. */
@FunctionalInterface
public interface AdaptationListener {
  AdaptationListener NONE = (step, supportLoss) -> {};

  /**
   * @param step the step just taken, from 1
   * @param supportLoss the support loss before that step
   */
  void stepTaken(int step, float supportLoss);
}
