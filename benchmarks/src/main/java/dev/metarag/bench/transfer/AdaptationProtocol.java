package dev.metarag.bench.transfer;

import dev.metarag.bench.transfer.RateSelection.Choice;
import dev.metarag.bench.transfer.RateSelection.Setting;
import dev.metarag.bench.transfer.TransferResults.Cell;
import dev.metarag.bench.transfer.TransferResults.Scores;
import dev.metarag.proto.v1.AdaptResponse;
import dev.metarag.proto.v1.EvaluationMetrics;
import dev.metarag.proto.v1.ExampleScore;
import dev.metarag.proto.v1.QaExample;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The one adaptation protocol of every method: choose the setting by 2-fold cross-validation on the
 * support set ({@link RateSelection}, trial Adapts), adapt on all k support questions with it and
 * score the held-out questions one by one, and adapt one step at the chosen rate beside it. Nothing
 * is registered. A starting model that cannot adapt (no support question's answer among its
 * retrieved passages) reports its own scores, as a user would keep it.
 */
final class AdaptationProtocol {
  /** Support questions tried to score a starting model that no cell could adapt. */
  private static final int STARTING_POINT_SUPPORT = 64;

  private final Adaptations adaptations;
  private final TransferPreset preset;
  private final Map<String, Scores> startingPoints = new HashMap<>();

  AdaptationProtocol(Adaptations adaptations, TransferPreset preset) {
    this.adaptations = adaptations;
    this.preset = preset;
  }

  /** What one method at one k and seed gave; {@code before} is its starting model's scores. */
  record Outcome(Cell cell, Scores before) {}

  Outcome measure(
      String method,
      String collection,
      String start,
      List<QaExample> support,
      List<QaExample> heldOut,
      List<QaExample> pool,
      int k,
      long seed) {
    long t0 = System.nanoTime();
    RateSelection.Scorer<QaExample> scorer =
        (setting, train, test) ->
            adaptations
                .trial(collection, start, train, test, setting, false, seed)
                .map(r -> OptionalDouble.of(r.getAfter().getF1()))
                .orElse(OptionalDouble.empty());
    Choice choice = RateSelection.choose(preset.rateGrid(), preset.stepGrid(), support, scorer);
    double selectionSeconds = (System.nanoTime() - t0) / 1e9;
    Setting chosen = choice.setting();
    Optional<AdaptResponse> last =
        adaptations.trial(collection, start, support, heldOut, chosen, true, seed);
    if (last.isEmpty()) {
      Scores unchanged = startingPoint(collection, start, heldOut, pool, seed);
      Cell c =
          new Cell(
              method,
              k,
              seed,
              start,
              chosen.rate(),
              chosen.steps(),
              choice.meanF1(),
              unchanged,
              null,
              0,
              0,
              selectionSeconds,
              0);
      return new Outcome(c, unchanged);
    }
    AdaptResponse r = last.get();
    Scores before = scores(r.getBefore(), heldOut);
    startingPoints.putIfAbsent(start, before);
    Scores oneStep =
        chosen.steps() == 1
            ? scores(r.getAfter(), heldOut)
            : adaptations
                .trial(
                    collection, start, support, heldOut, new Setting(chosen.rate(), 1), true, seed)
                .map(o -> scores(o.getAfter(), heldOut))
                .orElse(null);
    Cell c =
        new Cell(
            method,
            k,
            seed,
            start,
            chosen.rate(),
            chosen.steps(),
            choice.meanF1(),
            scores(r.getAfter(), heldOut),
            oneStep,
            r.getTimings().getAdaptMillis() / 1000.0,
            r.getTimings().getTotalMillis() / 1000.0,
            selectionSeconds,
            r.getSupportExamplesUsed());
    return new Outcome(c, before);
  }

  /**
   * A starting model's scores on the held-out questions: the evaluation before of a trial whose
   * support is the first questions of the pool (the evaluation before does not depend on it).
   */
  private Scores startingPoint(
      String collection, String start, List<QaExample> heldOut, List<QaExample> pool, long seed) {
    Scores known = startingPoints.get(start);
    if (known != null) {
      return known;
    }
    List<QaExample> support = pool.subList(0, Math.min(pool.size(), STARTING_POINT_SUPPORT));
    Setting setting = new Setting(preset.rateGrid().getFirst(), 1);
    AdaptResponse r =
        adaptations
            .trial(collection, start, support, heldOut, setting, true, seed)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no question of the first "
                            + support.size()
                            + " of the pool of '"
                            + collection
                            + "' has its answer among its top "
                            + preset.retrievalTopK()
                            + " passages: the target cannot be measured with this preset"));
    Scores s = scores(r.getBefore(), heldOut);
    startingPoints.put(start, s);
    return s;
  }

  /** Per-question scores in held-out order, checked against the questions' ids. */
  static Scores scores(EvaluationMetrics m, List<QaExample> heldOut) {
    double[] f1 = new double[heldOut.size()];
    double[] em = new double[heldOut.size()];
    boolean[] seen = new boolean[heldOut.size()];
    for (ExampleScore e : m.getExamplesList()) {
      int i = e.getIndex();
      if (i < 0 || i >= heldOut.size() || seen[i]) {
        throw new IllegalStateException("per-question score with a bad index " + i);
      }
      if (!e.getExampleId().isEmpty() && !e.getExampleId().equals(heldOut.get(i).getId())) {
        throw new IllegalStateException(
            "per-question score "
                + i
                + " is for "
                + e.getExampleId()
                + ", not "
                + heldOut.get(i).getId());
      }
      seen[i] = true;
      f1[i] = e.getF1();
      em[i] = e.getExactMatch();
    }
    for (int i = 0; i < seen.length; i++) {
      if (!seen[i]) {
        throw new IllegalStateException("no per-question score for held-out question " + i);
      }
    }
    return new Scores(f1, em, m.getServedF1(), m.getServedExactMatch(), m.getRecallAt5());
  }
}
