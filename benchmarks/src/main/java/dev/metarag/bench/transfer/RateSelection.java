package dev.metarag.bench.transfer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Chooses the adaptation setting (learning rate and step count) of one method, target, k and seed
 * by 2-fold cross-validation on the support set alone: each setting adapts on one half and is
 * scored on the other, both ways, and the best mean F1 wins; ties go to fewer steps, then the lower
 * rate. No held-out question is ever seen. The scoring is a function given by the caller (trial
 * Adapt calls in the benchmark, a pure function in tests).
 */
final class RateSelection {
  private RateSelection() {}

  /** One adaptation setting. */
  record Setting(double rate, int steps) {}

  /**
   * Scores a setting: adapt on {@code train}, return the mean F1 on {@code test}; empty when the
   * adaptation could not run (no example of {@code train} was usable).
   */
  @FunctionalInterface
  interface Scorer<T> {
    OptionalDouble score(Setting setting, List<T> train, List<T> test);
  }

  /**
   * How one setting scored.
   *
   * @param firstOnSecond F1 on the second half after adapting on the first (NaN: not scored)
   * @param secondOnFirst F1 on the first half after adapting on the second (NaN: not scored)
   * @param mean the mean of the folds that scored (NaN when none did)
   */
  record Trial(Setting setting, double firstOnSecond, double secondOnFirst, double mean) {}

  /**
   * The choice.
   *
   * @param setting the setting chosen
   * @param meanF1 its cross-validated F1 (NaN when no setting could be scored)
   * @param selected false when no setting could be scored on either fold and the fallback (the
   *     middle rate, the fewest steps) was taken
   * @param trials every setting's scores, in grid order (rates outer, steps inner)
   */
  record Choice(Setting setting, double meanF1, boolean selected, List<Trial> trials) {}

  /** The settings of the grids, rates outer, steps inner. */
  static List<Setting> grid(List<Double> rates, List<Integer> steps) {
    List<Setting> settings = new ArrayList<>();
    for (double r : rates) {
      for (int s : steps) {
        settings.add(new Setting(r, s));
      }
    }
    return settings;
  }

  /** The first half of the support set (the smaller one when k is odd). */
  static <T> List<T> firstHalf(List<T> support) {
    return List.copyOf(support.subList(0, support.size() / 2));
  }

  /** The second half of the support set. */
  static <T> List<T> secondHalf(List<T> support) {
    return List.copyOf(support.subList(support.size() / 2, support.size()));
  }

  static <T> Choice choose(
      List<Double> rates, List<Integer> steps, List<T> support, Scorer<T> scorer) {
    if (support.size() < 2) {
      throw new IllegalArgumentException("2-fold selection needs at least 2 support examples");
    }
    List<T> first = firstHalf(support);
    List<T> second = secondHalf(support);
    List<Trial> trials = new ArrayList<>();
    for (Setting s : grid(rates, steps)) {
      double a = scorer.score(s, first, second).orElse(Double.NaN);
      double b = scorer.score(s, second, first).orElse(Double.NaN);
      double mean = Double.isNaN(a) ? b : Double.isNaN(b) ? a : (a + b) / 2;
      trials.add(new Trial(s, a, b, mean));
    }
    Comparator<Trial> better =
        Comparator.comparingDouble(Trial::mean)
            .reversed()
            .thenComparingInt(t -> t.setting().steps())
            .thenComparingDouble(t -> t.setting().rate());
    return trials.stream()
        .filter(t -> !Double.isNaN(t.mean()))
        .min(better)
        .map(t -> new Choice(t.setting(), t.mean(), true, trials))
        .orElseGet(() -> new Choice(fallback(rates, steps), Double.NaN, false, trials));
  }

  private static Setting fallback(List<Double> rates, List<Integer> steps) {
    List<Double> sorted = rates.stream().sorted().toList();
    int fewest = steps.stream().mapToInt(Integer::intValue).min().orElseThrow();
    return new Setting(sorted.get((sorted.size() - 1) / 2), fewest);
  }
}
