package dev.metarag.bench.transfer;

import dev.metarag.bench.transfer.TransferResults.JobResult;
import dev.metarag.bench.transfer.TransferResults.TargetResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The results as Markdown: the settings and machine, then per target the jobs, a method x k table
 * of mean ± std over seeds (EM, F1, recall@5, adaptation seconds) and a plain verdict on whether
 * meta-learning beat joint training + fine-tuning.
 */
public final class TransferReport {
  private TransferReport() {}

  public static String render(TransferResults r, List<String> plots) {
    TransferPreset p = r.preset();
    StringBuilder md = new StringBuilder();
    md.append("# Domain transfer: meta-learned initialisation vs joint training (preset `")
        .append(p.name())
        .append("`)\n\n");
    line(md, "- started: %s; wall time %.1f min", r.startedAt(), r.seconds() / 60);
    line(md, "- machine: %s", r.machine());
    line(md, "- executor: %s; base model: %s", r.executor(), p.baseModel());
    line(
        md,
        "- training (every job, JOINT included): %d steps x %d tasks x (%d support + %d query)"
            + " questions, %s%s trained, outer/JOINT rate %s; meta-learners: %d inner step(s) at %s;"
            + " %s questions per source domain",
        p.metaSteps(),
        p.metaBatch(),
        p.taskSupport(),
        p.taskQuery(),
        kind(p.trainable()),
        p.trainableTopLayers() > 0 ? " (" + p.trainableTopLayers() + ")" : "",
        p.outerLearningRate(),
        p.innerSteps(),
        p.innerLearningRate(),
        p.sourceQuestions() == 0 ? "all" : String.valueOf(p.sourceQuestions()));
    line(
        md,
        "- adaptation: %d step(s), top %d passages; joint+ft adapts %s at the rate of %s that"
            + " scores best F1 on the support set itself; meta-learners adapt their inner-loop"
            + " parameters at their meta-learned rate",
        p.adaptSteps(),
        p.retrievalTopK(),
        kind(p.fineTuneParameters()),
        p.learningRateGrid());
    line(
        md,
        "- k in %s, seeds %s; %d held-out questions per seed (the same for every k), retrieval"
            + " over the target's own corpus (HYBRID, unscoped)",
        p.shots(),
        p.seeds(),
        p.evaluationQuestions());
    md.append(
        "- zero-shot: the untrained base model; cells are mean ± sample std over seeds; adapt s ="
            + " the adapter's gradient-step stage (joint+ft's rate search is in the JSON as"
            + " selectionSeconds)\n");
    for (TargetResult t : r.targets()) {
      md.append("\n## Target `").append(t.target()).append("`\n\n");
      line(
          md,
          "Sources: %s. Target corpus: %d documents; %d answerable questions.",
          String.join(", ", t.sources()),
          t.corpusDocuments(),
          t.questions());
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
      md.append("\n| method | k | EM | F1 | recall@5 | adapt s |\n|---|---|---|---|---|---|\n");
      List<CellSummary> summaries = CellSummary.of(t);
      for (CellSummary s : summaries) {
        line(
            md,
            "| %s | %d | %s | %s | %s | %s |",
            s.method(),
            s.k(),
            pm(s.exactMatch()),
            pm(s.f1()),
            pm(s.recallAt5()),
            pm(s.adaptSeconds()));
      }
      long unadapted =
          t.cells().stream()
              .filter(c -> !c.method().equals(TransferResults.ZERO_SHOT) && c.supportUsed() == 0)
              .count();
      if (unadapted > 0) {
        line(
            md,
            "\n%d adaptation cell(s) could not adapt: none of their support questions had its"
                + " answer among its top %d retrieved passages (unscoped retrieval), so the"
                + " adapter refused them. They report the starting model unchanged (adapt s 0)"
                + " and count in the means, as a user would keep that model.",
            unadapted,
            r.preset().retrievalTopK());
      }
      md.append("\n**").append(verdict(t, summaries)).append("**\n");
    }
    if (!plots.isEmpty()) {
      md.append("\n## Plots\n\n");
      for (String plot : plots) {
        md.append("![").append(plot).append("](").append(plot).append(")\n\n");
      }
    }
    return md.toString();
  }

  /**
   * Whether the best meta-learner's mean F1 beat joint+ft's at each k, said plainly with the
   * figures.
   */
  static String verdict(TargetResult t, List<CellSummary> summaries) {
    List<String> metas =
        CellSummary.methods(t).stream()
            .filter(
                m -> !m.equals(TransferResults.ZERO_SHOT) && !m.equals(TransferResults.JOINT_FT))
            .toList();
    List<String> won = new ArrayList<>();
    List<String> lost = new ArrayList<>();
    for (int k : CellSummary.shots(t)) {
      CellSummary joint = CellSummary.find(summaries, TransferResults.JOINT_FT, k);
      CellSummary best = null;
      for (String m : metas) {
        CellSummary s = CellSummary.find(summaries, m, k);
        if (best == null || s.f1().mean() > best.f1().mean()) {
          best = s;
        }
      }
      String figures =
          String.format(
              Locale.ROOT,
              "k=%d (%s F1 %.3f vs joint+ft %.3f)",
              k,
              best.method(),
              best.f1().mean(),
              joint.f1().mean());
      (best.f1().mean() > joint.f1().mean() ? won : lost).add(figures);
    }
    if (lost.isEmpty()) {
      return "Meta-learning beat joint training + fine-tuning on F1 at every k: "
          + String.join("; ", won)
          + ".";
    }
    if (won.isEmpty()) {
      return "Meta-learning did NOT beat joint training + fine-tuning on F1 at any k: "
          + String.join("; ", lost)
          + ".";
    }
    return "Meta-learning beat joint training + fine-tuning on F1 at "
        + String.join("; ", won)
        + ", but NOT at "
        + String.join("; ", lost)
        + ".";
  }

  private static String pm(CellSummary.Stat s) {
    return String.format(Locale.ROOT, "%.3f ± %.3f", s.mean(), s.std());
  }

  private static String kind(dev.metarag.proto.v1.ParameterSubsetKind k) {
    return k.name().replace("PARAMETER_SUBSET_KIND_", "").toLowerCase(Locale.ROOT);
  }

  private static void line(StringBuilder md, String format, Object... args) {
    md.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
