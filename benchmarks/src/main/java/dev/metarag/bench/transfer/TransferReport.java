package dev.metarag.bench.transfer;

import dev.metarag.bench.transfer.Comparisons.Comparison;
import dev.metarag.bench.transfer.PairedBootstrap.Interval;
import dev.metarag.bench.transfer.TransferResults.JobResult;
import dev.metarag.bench.transfer.TransferResults.Run;
import dev.metarag.bench.transfer.TransferResults.TargetResult;
import java.util.List;
import java.util.Locale;

/**
 * The results as Markdown, rebuilt from the results file alone: the protocol and the runs, then per
 * target the jobs, a method x k table of means over seeds with 95% intervals, and the verdict table
 * (each method against the better baseline, paired bootstrap intervals, verdicts from the interval
 * alone).
 */
public final class TransferReport {
  private TransferReport() {}

  public static String render(TransferResults r, List<String> plots, int resamples) {
    TransferPreset p = r.preset();
    StringBuilder md = new StringBuilder();
    md.append("# Does meta-learning transfer? (preset `").append(p.name()).append("`)\n\n");
    for (Run run : r.runs()) {
      line(
          md,
          "- run started %s on %s: %.1f min, %d cell(s) measured",
          run.startedAt(),
          run.machine(),
          run.seconds() / 60,
          run.cellsAdded());
    }
    line(md, "- executor: %s; base model: %s", r.executor(), p.baseModel());
    line(md, "- every method starts from the general reader `%s`", r.general());
    line(
        md,
        "- training (every job, JOINT included, from the general reader): %d steps x %d tasks x"
            + " (%d support + %d query) questions, %s trained, outer/JOINT rate %s; meta-learners:"
            + " %d inner step(s) at %s; %s questions per source domain",
        p.metaSteps(),
        p.metaBatch(),
        p.taskSupport(),
        p.taskQuery(),
        subset(p.trainable(), p.trainableTopLayers()),
        p.outerLearningRate(),
        p.innerSteps(),
        p.innerLearningRate(),
        p.sourceQuestions() == 0 ? "all" : String.valueOf(p.sourceQuestions()));
    line(
        md,
        "- adaptation, the same for every method: %s adapted, top %d passages; the rate (of %s)"
            + " and step count (of %s) chosen per method, target, k and seed by 2-fold"
            + " cross-validation on the support set (trial Adapts: adapt on one half, F1 on the"
            + " other, both ways); then adapted on all k with the choice and scored on the held-out"
            + " questions; one step at the chosen rate is reported beside it",
        subset(p.adaptParameters(), p.trainableTopLayers()),
        p.retrievalTopK(),
        p.rateGrid(),
        p.stepGrid());
    line(
        md,
        "- k in %s, seeds %s; %d held-out questions per target, the same for every method, k and"
            + " seed; zero-shot = the general reader's scores on them",
        p.shots(),
        p.seeds(),
        p.heldOut());
    md.append(
        "- tables: mean over seeds ± half-width of its 95% interval (Student's t over seeds);"
            + " served F1 abstains under the generator's threshold; adapt s = the final"
            + " adaptation's gradient steps, selection s = its cross-validation trials\n");
    for (TargetResult t : r.targets()) {
      target(md, t, resamples);
    }
    if (!plots.isEmpty()) {
      md.append("\n## Plots\n\n");
      for (String plot : plots) {
        md.append("![").append(plot).append("](").append(plot).append(")\n\n");
      }
    }
    return md.toString();
  }

  private static void target(StringBuilder md, TargetResult t, int resamples) {
    md.append("\n## Target `").append(t.target()).append("`\n\n");
    line(
        md,
        "Sources: %s. Target corpus: %d documents; %d answerable questions, %d held out;"
            + " retrieval %s.",
        String.join(", ", t.sources()),
        t.corpusDocuments(),
        t.questions(),
        t.heldOut().size(),
        t.scope().isEmpty()
            ? "over the whole corpus"
            : "scoped to each question's own `" + t.scope() + "`");
    md.append("\n| job | id | theta0 | steps | s |\n|---|---|---|---|---|\n");
    for (JobResult j : t.jobs()) {
      line(
          md,
          "| %s | %s | %s | %d | %.1f |",
          j.algorithm(),
          j.jobId(),
          j.theta0(),
          j.steps(),
          j.seconds());
    }
    md.append(
        "\n| method | k | seeds | EM | F1 | served F1 | one-step F1 | recall@5 | rates |"
            + " adapt s | selection s |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (CellSummary s : CellSummary.of(t)) {
      line(
          md,
          "| %s | %d | %d | %s | %s | %s | %s | %s | %s | %s | %s |",
          s.method(),
          s.k(),
          s.seeds(),
          pm(s.exactMatch()),
          pm(s.f1()),
          pm(s.servedF1()),
          pm(s.oneStepF1()),
          pm(s.recallAt5()),
          rates(s.rates()),
          pm(s.adaptSeconds()),
          pm(s.selectionSeconds()));
    }
    long unadapted =
        t.cells().stream()
            .filter(c -> !c.method().equals(TransferResults.ZERO_SHOT) && c.supportUsed() == 0)
            .count();
    if (unadapted > 0) {
      line(
          md,
          "\n%d cell(s) could not adapt (no support question had its answer among its retrieved"
              + " passages): they report the starting model, as a user would keep it.",
          unadapted);
    }
    md.append(
        "\nAgainst the best baseline (the better of general+ft and joint+ft by mean F1 at that k):"
            + " mean difference [95% paired bootstrap interval over questions and seeds]\n\n"
            + "| k | method | baseline | seeds | questions | ΔF1 | F1 verdict | ΔEM |"
            + " EM verdict |\n"
            + "|---|---|---|---|---|---|---|---|---|\n");
    for (Comparison c : Comparisons.of(t, resamples)) {
      line(
          md,
          "| %d | %s | %s | %d | %d | %s | %s | %s | %s |",
          c.k(),
          c.method(),
          c.baseline(),
          c.seeds(),
          c.questions(),
          interval(c.f1()),
          c.f1().verdict(),
          interval(c.exactMatch()),
          c.exactMatch().verdict());
    }
  }

  static String interval(Interval i) {
    return String.format(Locale.ROOT, "%+.3f [%+.3f, %+.3f]", i.mean(), i.low(), i.high());
  }

  private static String pm(CellSummary.Stat s) {
    if (Double.isNaN(s.mean())) {
      return "–";
    }
    return String.format(Locale.ROOT, "%.3f ± %.3f", s.mean(), s.halfWidth());
  }

  private static String rates(List<Double> rates) {
    if (rates.stream().allMatch(x -> x == 0)) {
      return "–";
    }
    return String.join(
        " ", rates.stream().map(x -> String.format(Locale.ROOT, "%.0e", x)).toList());
  }

  private static String subset(dev.metarag.proto.v1.ParameterSubsetKind k, int topLayers) {
    String name = k.name().replace("PARAMETER_SUBSET_KIND_", "").toLowerCase(Locale.ROOT);
    return k == dev.metarag.proto.v1.ParameterSubsetKind.PARAMETER_SUBSET_KIND_TOP_LAYERS
        ? name + " (" + topLayers + ")"
        : name;
  }

  private static void line(StringBuilder md, String format, Object... args) {
    md.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
