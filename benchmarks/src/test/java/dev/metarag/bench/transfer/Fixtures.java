package dev.metarag.bench.transfer;

import dev.metarag.bench.transfer.TransferResults.Cell;
import dev.metarag.bench.transfer.TransferResults.JobResult;
import dev.metarag.bench.transfer.TransferResults.Scores;
import dev.metarag.bench.transfer.TransferResults.TargetResult;
import java.util.List;
import java.util.stream.IntStream;

/** Hand-built results for the store and report tests. */
final class Fixtures {
  static final int QUESTIONS = 150;
  static final List<Long> SEEDS = List.of(1L, 2L, 3L, 4L, 5L);

  private Fixtures() {}

  static List<String> heldOut() {
    return IntStream.range(0, QUESTIONS).mapToObj(i -> "q" + i).toList();
  }

  static TargetResult target(String name) {
    return new TargetResult(
        name,
        "",
        List.of("a", "b"),
        21,
        375,
        heldOut(),
        List.of(new JobResult("JOINT", "mt-1", "theta0-1", 40, 100.0)),
        List.of());
  }

  /** F1 and EM per question from a function of (seed, question). */
  static Cell cell(String method, int k, long seed, Score score) {
    double[] f1 = new double[QUESTIONS];
    double[] em = new double[QUESTIONS];
    for (int q = 0; q < QUESTIONS; q++) {
      f1[q] = Math.max(0, Math.min(1, score.of(seed, q)));
      em[q] = f1[q] >= 0.5 ? 1 : 0;
    }
    Scores s = new Scores(f1, em, 0.4, 0.3, 0.8);
    return new Cell(method, k, seed, "general-1", 0.01, 5, 0.5, s, s, 1.5, 20.0, 30.0, k);
  }

  /** A question's score under one seed. */
  @FunctionalInterface
  interface Score {
    double of(long seed, int question);
  }

  /** Scores in [0, 1] varying by question and seed, as reading scores do. */
  static double base(long seed, int q) {
    return ((q * 37 + seed * 11) % 100) / 100.0 * 0.6;
  }
}
