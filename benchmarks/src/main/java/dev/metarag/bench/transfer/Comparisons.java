package dev.metarag.bench.transfer;

import dev.metarag.bench.transfer.PairedBootstrap.Interval;
import dev.metarag.bench.transfer.TransferResults.Cell;
import dev.metarag.bench.transfer.TransferResults.Scores;
import dev.metarag.bench.transfer.TransferResults.TargetResult;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Every method against the best baseline of its target and k: the baseline is the better of
 * general+ft and joint+ft by mean F1 there, and each other method's mean F1 and EM differences from
 * it get a paired bootstrap 95% interval over the held-out questions and the seeds both have
 * finished ({@link PairedBootstrap}); the verdict is read from the interval alone.
 */
final class Comparisons {
  /** Fixed so that the report rebuilt from the same file gives the same intervals. */
  private static final long BOOTSTRAP_SEED = 20_261_207L;

  private Comparisons() {}

  /**
   * One method against the baseline at one k.
   *
   * @param baseline the baseline it is compared with (general+ft or joint+ft)
   * @param seeds the seeds both finished, which the intervals are over
   * @param f1 the mean F1 difference (method minus baseline) and its interval
   * @param exactMatch the same for EM
   */
  record Comparison(
      String method,
      int k,
      String baseline,
      int seeds,
      int questions,
      Interval f1,
      Interval exactMatch) {}

  /** The comparisons of a target, k ascending, methods in their order, baseline left out. */
  static List<Comparison> of(TargetResult t, int resamples) {
    List<Comparison> out = new ArrayList<>();
    for (int k : CellSummary.shots(t)) {
      String baseline = bestBaseline(t, k);
      if (baseline == null) {
        continue;
      }
      for (String method : CellSummary.methods(t)) {
        if (method.equals(baseline)) {
          continue;
        }
        List<Long> seeds = commonSeeds(t, method, baseline, k);
        if (seeds.isEmpty()) {
          continue;
        }
        Interval f1 =
            PairedBootstrap.difference(
                matrix(t, method, k, seeds, Scores::f1),
                matrix(t, baseline, k, seeds, Scores::f1),
                resamples,
                BOOTSTRAP_SEED);
        Interval em =
            PairedBootstrap.difference(
                matrix(t, method, k, seeds, Scores::exactMatch),
                matrix(t, baseline, k, seeds, Scores::exactMatch),
                resamples,
                BOOTSTRAP_SEED);
        out.add(new Comparison(method, k, baseline, seeds.size(), t.heldOut().size(), f1, em));
      }
    }
    return out;
  }

  /**
   * The better baseline at k by mean F1 over its finished seeds (general+ft on a tie), or null when
   * neither has a cell.
   */
  static String bestBaseline(TargetResult t, int k) {
    String best = null;
    double bestF1 = Double.NEGATIVE_INFINITY;
    for (String b : TransferResults.BASELINES) {
      List<Cell> cells = cells(t, b, k);
      if (cells.isEmpty()) {
        continue;
      }
      double f1 = cells.stream().mapToDouble(c -> c.scores().meanF1()).average().orElseThrow();
      if (f1 > bestF1) {
        best = b;
        bestF1 = f1;
      }
    }
    return best;
  }

  private static List<Cell> cells(TargetResult t, String method, int k) {
    return t.cells().stream().filter(c -> c.method().equals(method) && c.k() == k).toList();
  }

  private static List<Long> commonSeeds(TargetResult t, String a, String b, int k) {
    Set<Long> seeds = new LinkedHashSet<>();
    cells(t, a, k).forEach(c -> seeds.add(c.seed()));
    Set<Long> other = new LinkedHashSet<>();
    cells(t, b, k).forEach(c -> other.add(c.seed()));
    seeds.retainAll(other);
    return seeds.stream().sorted().toList();
  }

  private static double[][] matrix(
      TargetResult t, String method, int k, List<Long> seeds, Function<Scores, double[]> v) {
    double[][] m = new double[seeds.size()][];
    for (int s = 0; s < seeds.size(); s++) {
      m[s] = v.apply(t.cell(method, k, seeds.get(s)).scores());
    }
    return m;
  }
}
