package dev.metarag.bench.transfer;

import dev.metarag.bench.transfer.TransferResults.Cell;
import dev.metarag.bench.transfer.TransferResults.TargetResult;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Mean and sample standard deviation over seeds of one method at one k for one target.
 *
 * @param seeds how many seeds the figures are over
 */
public record CellSummary(
    String method, int k, int seeds, Stat exactMatch, Stat f1, Stat recallAt5, Stat adaptSeconds) {

  /** A mean and its standard deviation over seeds (0 with one seed). */
  public record Stat(double mean, double std) {
    static Stat of(List<Cell> cells, ToDoubleFunction<Cell> value) {
      double[] v = cells.stream().mapToDouble(value).toArray();
      double mean = 0;
      for (double x : v) {
        mean += x;
      }
      mean /= v.length;
      double ss = 0;
      for (double x : v) {
        ss += (x - mean) * (x - mean);
      }
      return new Stat(mean, v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0);
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

  /** The summary of every method and k of a target, methods in order, k ascending. */
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
                  Stat.of(cells, Cell::exactMatch),
                  Stat.of(cells, Cell::f1),
                  Stat.of(cells, Cell::recallAt5),
                  Stat.of(cells, Cell::adaptSeconds)));
        }
      }
    }
    return out;
  }

  /** The summary of one method at one k. */
  public static CellSummary find(List<CellSummary> summaries, String method, int k) {
    return summaries.stream()
        .filter(s -> s.method().equals(method) && s.k() == k)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no cell for " + method + " at k=" + k));
  }
}
