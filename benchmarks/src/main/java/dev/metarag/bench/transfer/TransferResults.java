package dev.metarag.bench.transfer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the benchmark measured, as written to {@code transfer-<preset>.json}: one record that runs
 * of the same preset add to ({@link ResultsStore}), cell by cell, with every held-out question's
 * scores kept so that the report's paired intervals can be rebuilt from the file alone.
 *
 * @param preset the preset, with every setting
 * @param general the general reader version every method started from
 * @param machine the machine of the first run
 * @param executor where jobs ran
 * @param runs one entry per invocation that added to the file
 * @param targets one result per target domain
 */
public record TransferResults(
    TransferPreset preset,
    String general,
    String machine,
    String executor,
    List<Run> runs,
    List<TargetResult> targets) {

  public TransferResults {
    runs = List.copyOf(runs);
    targets = List.copyOf(targets);
  }

  /** Method names in results, tables and plots. */
  public static final String ZERO_SHOT = "zero-shot";

  public static final String GENERAL_FT = "general+ft";
  public static final String JOINT_FT = "joint+ft";

  /** The baselines a meta-learner is compared with (the better one at each target and k). */
  public static final List<String> BASELINES = List.of(GENERAL_FT, JOINT_FT);

  /** The method name of a meta-learner followed by its adaptation, e.g. {@code fomaml+adapt}. */
  public static String metaMethod(String algorithm) {
    return algorithm.toLowerCase(Locale.ROOT) + "+adapt";
  }

  /** The target of that name, if present. */
  public TargetResult target(String name) {
    return targets.stream().filter(t -> t.target().equals(name)).findFirst().orElse(null);
  }

  /** The same results with this target's entry replaced (or added at the end). */
  public TransferResults with(TargetResult t) {
    List<TargetResult> out = new ArrayList<>(targets);
    int i = out.indexOf(target(t.target()));
    if (i >= 0) {
      out.set(i, t);
    } else {
      out.add(t);
    }
    return new TransferResults(preset, general, machine, executor, runs, out);
  }

  /** The same results with one more run, or the last run replaced when it has the same start. */
  public TransferResults with(Run run) {
    List<Run> out = new ArrayList<>(runs);
    if (!out.isEmpty() && out.getLast().startedAt().equals(run.startedAt())) {
      out.set(out.size() - 1, run);
    } else {
      out.add(run);
    }
    return new TransferResults(preset, general, machine, executor, out, targets);
  }

  /**
   * One invocation of the benchmark.
   *
   * @param startedAt ISO-8601 start time
   * @param seconds its wall time so far
   * @param cellsAdded cells it measured (finished cells of earlier runs are skipped)
   */
  public record Run(String startedAt, String machine, double seconds, int cellsAdded) {}

  /**
   * One target domain, left out of training.
   *
   * @param scope the metadata key each question's retrieval is scoped to (its own value), or empty
   *     when every question ranks the whole corpus
   * @param sources the domains trained on
   * @param corpusDocuments documents of the target's own collection, which retrieval ranks
   * @param questions answerable questions of the target
   * @param heldOut ids of the held-out questions, in the order every cell's scores follow; the same
   *     for every method, k and seed
   * @param jobs the training jobs (JOINT and each meta-learner)
   * @param cells one per method, k and seed, in the order they finished
   */
  public record TargetResult(
      String target,
      String scope,
      List<String> sources,
      int corpusDocuments,
      int questions,
      List<String> heldOut,
      List<JobResult> jobs,
      List<Cell> cells) {

    public TargetResult {
      sources = List.copyOf(sources);
      heldOut = List.copyOf(heldOut);
      jobs = List.copyOf(jobs);
      cells = List.copyOf(cells);
    }

    /** The finished cell of that method, k and seed, or null. */
    public Cell cell(String method, int k, long seed) {
      return cells.stream()
          .filter(c -> c.method().equals(method) && c.k() == k && c.seed() == seed)
          .findFirst()
          .orElse(null);
    }

    /** The job of that algorithm ({@code JOINT}, {@code FOMAML}, ...), or null. */
    public JobResult job(String algorithm) {
      return jobs.stream().filter(j -> j.algorithm().equals(algorithm)).findFirst().orElse(null);
    }

    /** The same target with this cell added, replacing one of the same method, k and seed. */
    public TargetResult with(Cell c) {
      List<Cell> out = new ArrayList<>(cells);
      out.removeIf(o -> o.method().equals(c.method()) && o.k() == c.k() && o.seed() == c.seed());
      out.add(c);
      return new TargetResult(
          target, scope, sources, corpusDocuments, questions, heldOut, jobs, out);
    }

    /** The same target with this job, replacing one of the same algorithm. */
    public TargetResult with(JobResult j) {
      List<JobResult> out = new ArrayList<>(jobs);
      out.removeIf(o -> o.algorithm().equals(j.algorithm()));
      out.add(j);
      return new TargetResult(
          target, scope, sources, corpusDocuments, questions, heldOut, out, cells);
    }

    /** The same target without the cells of a method (its starting model was retrained). */
    public TargetResult without(String method) {
      List<Cell> out = cells.stream().filter(c -> !c.method().equals(method)).toList();
      return new TargetResult(
          target, scope, sources, corpusDocuments, questions, heldOut, jobs, out);
    }
  }

  /**
   * A training job over the sources, started from the general reader.
   *
   * @param algorithm {@code JOINT}, {@code FOMAML}, ...
   * @param theta0 the version it registered
   * @param seconds wall time from StartJob to its end
   */
  public record JobResult(
      String algorithm, String jobId, String theta0, long steps, double seconds) {}

  /**
   * Scores of one model on the target's held-out questions, one entry per question in {@link
   * TargetResult#heldOut()} order.
   *
   * @param servedF1 mean F1 as the generator serves (abstaining under its threshold)
   * @param recallAt5 fraction of questions with a relevant passage among the first 5
   */
  public record Scores(
      double[] f1,
      double[] exactMatch,
      double servedF1,
      double servedExactMatch,
      double recallAt5) {

    public double meanF1() {
      return mean(f1);
    }

    public double meanExactMatch() {
      return mean(exactMatch);
    }

    private static double mean(double[] v) {
      double sum = 0;
      for (double x : v) {
        sum += x;
      }
      return v.length == 0 ? 0 : sum / v.length;
    }
  }

  /**
   * One method at one k with the support draw of one seed, scored on the held-out questions.
   *
   * @param startedFrom the version adapted (the general reader, the JOINT or a meta-learned theta0)
   * @param learningRate the rate the cross-validation chose (0 for zero-shot)
   * @param steps the step count it chose (0 for zero-shot)
   * @param selectionF1 the chosen setting's cross-validated F1 on the support set (NaN: none could
   *     be scored and the fallback was taken; 0 for zero-shot)
   * @param scores the final adaptation (all k support questions, the chosen setting)
   * @param oneStep one step at the chosen rate on the same support set; null for zero-shot and when
   *     the method could not adapt
   * @param adaptSeconds the final adaptation's gradient steps (the adapter's adapt stage)
   * @param callSeconds the final Adapt call, evaluations included
   * @param selectionSeconds the trial Adapt calls of the cross-validation together
   * @param supportUsed support questions that added to the loss; 0 when none could be used (the
   *     cell then reports the starting model, as a user would keep it)
   */
  public record Cell(
      String method,
      int k,
      long seed,
      String startedFrom,
      double learningRate,
      int steps,
      double selectionF1,
      Scores scores,
      Scores oneStep,
      double adaptSeconds,
      double callSeconds,
      double selectionSeconds,
      int supportUsed) {}
}
