package dev.metarag.bench.transfer;

import dev.metarag.bench.transfer.TransferResults.Cell;
import dev.metarag.bench.transfer.TransferResults.TargetResult;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * One method at one k for one target, over its finished seeds: means of the per-seed figures with a
 * 95% interval of the mean over seeds (Student's t), for tables and error bars.
 *
 * @param seeds how many seeds the figures are over
 * @param oneStepF1 one step at the chosen rate (NaN where no cell has one: zero-shot)
 * @param rates the learning rates the cross-validation chose, one per seed
 */
public record CellSummary(
    String method,
    int k,
    int seeds,
    Stat exactMatch,
    Stat f1,
    Stat servedF1,
    Stat oneStepF1,
    Stat recallAt5,
    Stat adaptSeconds,
    Stat selectionSeconds,
    List<Double> rates) {

  /** Two-sided 97.5% quantiles of Student's t for 1 to 30 degrees of freedom. */
  private static final double[] T975 = {
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
    2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
    2.052, 2.048, 2.045, 2.042
  };

  /**
   * A mean over seeds with its 95% interval half-width (0 with one seed).
   *
   * @param halfWidth t(0.975, n-1) x sample std / sqrt(n)
   */
  public record Stat(double mean, double halfWidth) {
    static Stat of(List<Cell> cells, ToDoubleFunction<Cell> value) {
      double[] v = cells.stream().mapToDouble(value).filter(x -> !Double.isNaN(x)).toArray();
      if (v.length == 0) {
        return new Stat(Double.NaN, 0);
      }
      double mean = 0;
      for (double x : v) {
        mean += x;
      }
      mean /= v.length;
      if (v.length < 2) {
        return new Stat(mean, 0);
      }
      double ss = 0;
      for (double x : v) {
        ss += (x - mean) * (x - mean);
      }
      double std = Math.sqrt(ss / (v.length - 1));
      double t = v.length - 1 <= T975.length ? T975[v.length - 2] : 1.96;
      return new Stat(mean, t * std / Math.sqrt(v.length));
    }
  }

  /** The methods of a target in the order they first appear. */
  public static List<String> methods(TargetResult t) {
    Set<String> methods = new LinkedHashSet<>();
    t.cells().forEach(c -> methods.add(c.method()));
    return List.copyOf(methods);
  }

  /** The k values of a target, ascending. */
  public static List<Integer> shots(TargetResult t) {
    return t.cells().stream().map(Cell::k).distinct().sorted().toList();
  }

  /** The summary of every method and k of a target that has cells, methods in order, k up. */
  public static List<CellSummary> of(TargetResult t) {
    List<CellSummary> out = new ArrayList<>();
    for (String method : methods(t)) {
      for (int k : shots(t)) {
        List<Cell> cells =
            t.cells().stream().filter(c -> c.method().equals(method) && c.k() == k).toList();
        if (!cells.isEmpty()) {
          out.add(
              new CellSummary(
                  method,
                  k,
                  cells.size(),
                  Stat.of(cells, c -> c.scores().meanExactMatch()),
                  Stat.of(cells, c -> c.scores().meanF1()),
                  Stat.of(cells, c -> c.scores().servedF1()),
                  Stat.of(cells, c -> c.oneStep() == null ? Double.NaN : c.oneStep().meanF1()),
                  Stat.of(cells, c -> c.scores().recallAt5()),
                  Stat.of(cells, Cell::adaptSeconds),
                  Stat.of(cells, Cell::selectionSeconds),
                  cells.stream().map(Cell::learningRate).toList()));
        }
      }
    }
    return out;
  }

  /** The summary of one method at one k, or null. */
  public static CellSummary find(List<CellSummary> summaries, String method, int k) {
    return summaries.stream()
        .filter(s -> s.method().equals(method) && s.k() == k)
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }
}
