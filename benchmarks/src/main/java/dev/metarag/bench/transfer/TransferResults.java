package dev.metarag.bench.transfer;

import java.util.List;

/**
 * What one run of the benchmark measured, as written to {@code transfer-<preset>.json}.
 *
 * @param preset the preset, with every setting
 * @param machine the machine it ran on
 * @param startedAt ISO-8601 start time
 * @param seconds wall time of the whole run
 * @param targets one result per target domain
 */
public record TransferResults(
    TransferPreset preset,
    String machine,
    String startedAt,
    String executor,
    double seconds,
    List<TargetResult> targets) {

  /** Method names in results, tables and plots. */
  public static final String ZERO_SHOT = "zero-shot";

  public static final String JOINT_FT = "joint+ft";

  /** The method name of a meta-learner followed by its adaptation, e.g. {@code fomaml+adapt}. */
  public static String metaMethod(String algorithm) {
    return algorithm.toLowerCase(java.util.Locale.ROOT) + "+adapt";
  }

  /**
   * One target domain, left out of training.
   *
   * @param sources the domains trained on
   * @param corpusDocuments documents of the target's own collection, which retrieval ranks
   * @param questions answerable questions of the target
   * @param jobs the training jobs (JOINT and each meta-learner)
   * @param cells one per method, k and seed
   */
  public record TargetResult(
      String target,
      List<String> sources,
      int corpusDocuments,
      int questions,
      List<JobResult> jobs,
      List<Cell> cells) {}

  /** A training job over the sources. */
  public record JobResult(
      String algorithm, String jobId, String theta0, long steps, double seconds) {}

  /**
   * One adaptation (or the zero-shot evaluation) of one method with k support questions drawn with
   * one seed, scored on that seed's held-out questions.
   *
   * @param adaptSeconds the adaptation's gradient steps (the adapter's adapt stage); 0 for
   *     zero-shot
   * @param callSeconds the whole Adapt call: retrieval, evaluation before and after, steps, export
   * @param selectionSeconds joint + fine-tuning only: the Adapt calls that chose the learning rate
   *     on the support set
   * @param learningRate the rate used (0: the meta-learned inner rate)
   * @param supportUsed support questions that added to the loss (answer among the passages)
   * @param evaluated held-out questions scored
   */
  public record Cell(
      String method,
      int k,
      long seed,
      double exactMatch,
      double f1,
      double recallAt5,
      double adaptSeconds,
      double callSeconds,
      double selectionSeconds,
      double learningRate,
      int supportUsed,
      int evaluated) {}
}
