package dev.metarag.bench.transfer;

import dev.metarag.proto.v1.MetaAlgorithm;
import dev.metarag.proto.v1.ParameterSubset;
import dev.metarag.proto.v1.ParameterSubsetKind;
import java.util.List;
import java.util.Locale;

/**
 * Everything that sizes one run of the benchmark, as data. Every method starts from the general
 * reader; the joint baseline and the meta-learners get the same training budget (the same steps,
 * tasks per step and support + query questions per task, so every job sees the same number of
 * training questions), and every method is adapted by the same protocol: the same parameter subset,
 * and a learning rate and step count chosen from the same grids by 2-fold cross-validation on the
 * support set ({@link RateSelection}).
 *
 * @param name the preset's name, used in the output file names
 * @param baseModel the services' base model ({@code tiny} or {@code all-minilm-l6-v2}); only used
 *     when the harness starts the suite itself
 * @param general the general reader every method starts from; empty means the newest registered
 *     GENERAL version ({@code --general} overrides)
 * @param algorithms meta-learning algorithms compared with the baselines
 * @param shots support-set sizes k of the adaptation
 * @param seeds seeds of the support draws (and of the adaptations)
 * @param targets default target domains (catalogue keys or {@code squad:<file>})
 * @param sourceQuestions questions per source domain given to training (0: all)
 * @param heldOut held-out target questions, drawn once per target and scored for every seed and k
 * @param metaSteps meta-steps (JOINT: training steps) of every job
 * @param metaBatch tasks per meta-step
 * @param taskSupport support questions per meta-training task
 * @param taskQuery query questions per meta-training task
 * @param innerSteps inner-loop steps of the meta-learners
 * @param innerLearningRate inner-loop learning rate of the meta-learners
 * @param outerLearningRate outer (Adam) rate; JOINT's learning rate
 * @param trainable parameters meta-training and joint training update
 * @param trainableTopLayers top layers with {@code TOP_LAYERS}
 * @param adaptParameters parameters every adaptation updates, for every method (and the inner loop
 *     of the meta-learners other than ANIL, whose inner loop is the heads by definition)
 * @param rateGrid adaptation learning rates the cross-validation chooses from
 * @param stepGrid adaptation step counts the cross-validation chooses from
 * @param retrievalTopK passages per question for the loss and for reading
 * @param evaluationPerJob held-out source questions each job's own evaluation scores
 */
public record TransferPreset(
    String name,
    String baseModel,
    String general,
    List<MetaAlgorithm> algorithms,
    List<Integer> shots,
    List<Long> seeds,
    List<String> targets,
    int sourceQuestions,
    int heldOut,
    int metaSteps,
    int metaBatch,
    int taskSupport,
    int taskQuery,
    int innerSteps,
    double innerLearningRate,
    double outerLearningRate,
    ParameterSubsetKind trainable,
    int trainableTopLayers,
    ParameterSubsetKind adaptParameters,
    List<Double> rateGrid,
    List<Integer> stepGrid,
    int retrievalTopK,
    int evaluationPerJob) {

  public TransferPreset {
    algorithms = List.copyOf(algorithms);
    shots = List.copyOf(shots);
    seeds = List.copyOf(seeds);
    targets = List.copyOf(targets);
    rateGrid = List.copyOf(rateGrid);
    stepGrid = List.copyOf(stepGrid);
    if (algorithms.contains(MetaAlgorithm.META_ALGORITHM_JOINT)) {
      throw new IllegalArgumentException("JOINT is the baseline, always run: not an algorithm");
    }
    if (rateGrid.isEmpty() || stepGrid.isEmpty()) {
      throw new IllegalArgumentException("the rate and step grids need a value each at least");
    }
    if (shots.stream().anyMatch(k -> k < 2)) {
      throw new IllegalArgumentException("2-fold selection needs k >= 2");
    }
  }

  /** The largest k. */
  public int maxShots() {
    return shots.stream().mapToInt(Integer::intValue).max().orElseThrow();
  }

  /** The same preset starting from another general reader version. */
  public TransferPreset withGeneral(String version) {
    return new TransferPreset(
        name,
        baseModel,
        version,
        algorithms,
        shots,
        seeds,
        targets,
        sourceQuestions,
        heldOut,
        metaSteps,
        metaBatch,
        taskSupport,
        taskQuery,
        innerSteps,
        innerLearningRate,
        outerLearningRate,
        trainable,
        trainableTopLayers,
        adaptParameters,
        rateGrid,
        stepGrid,
        retrievalTopK,
        evaluationPerJob);
  }

  /** The parameters jobs train, as the request takes them. */
  ParameterSubset trainableSubset() {
    ParameterSubset.Builder s = ParameterSubset.newBuilder().setKind(trainable);
    if (trainable == ParameterSubsetKind.PARAMETER_SUBSET_KIND_TOP_LAYERS) {
      s.setTopLayers(trainableTopLayers);
    }
    return s.build();
  }

  /** The parameters every adaptation updates (TOP_LAYERS takes the trainable layer count). */
  ParameterSubset adaptSubset() {
    ParameterSubset.Builder s = ParameterSubset.newBuilder().setKind(adaptParameters);
    if (adaptParameters == ParameterSubsetKind.PARAMETER_SUBSET_KIND_TOP_LAYERS) {
      s.setTopLayers(Math.max(1, trainableTopLayers));
    }
    return s.build();
  }

  /**
   * About two minutes on 2 cores with the tiny random model: the build's test of the harness on the
   * fixture domains (it names {@code base} as the general reader: the tiny model has none). Its
   * figures mean nothing; its cells must all be there.
   */
  public static TransferPreset tiny() {
    return new TransferPreset(
        "tiny",
        "tiny",
        "base",
        List.of(MetaAlgorithm.META_ALGORITHM_FOMAML, MetaAlgorithm.META_ALGORITHM_ANIL),
        List.of(2, 4),
        List.of(1L, 2L),
        List.of(),
        0,
        4,
        2,
        2,
        2,
        2,
        1,
        0.01,
        0.003,
        ParameterSubsetKind.PARAMETER_SUBSET_KIND_TOP_LAYERS,
        1,
        ParameterSubsetKind.PARAMETER_SUBSET_KIND_HEADS_ONLY,
        List.of(0.01, 0.1),
        List.of(2),
        3,
        2);
  }

  /**
   * One target (covidqa unless {@code --targets} names another) with the real MiniLM on 2 CPU
   * cores, every method, 150 held-out questions, 5 seeds, k 8 and 32. Estimated at about 125
   * minutes, within 150, from the per-call costs measured on this machine (adapter-adapt.md,
   * meta-step.md, transfer-reduced.md), not yet run end to end:
   *
   * <ul>
   *   <li>6 jobs (JOINT and 5 meta-learners) of 40 steps x 2 tasks x (2 + 2) questions with the top
   *       layer and heads trained, about 3 to 6 s a step plus setup: about 25 min;
   *   <li>per method, seed and k, heads-only adaptation (about 0.075 s per support question and
   *       step, 0.1 s per question evaluated before, 0.025 s after, 0.5 s a call): 6 selection
   *       trials (3 rates x 2 folds, 5 steps, k/2 + k/2 questions), the final adaptation and the
   *       one-step adaptation on all k, each scoring the 150 held-out questions: about 57 s at k=8
   *       and 104 s at k=32, so 7 adapted methods x 5 seeds x 161 s = about 94 min;
   *   <li>suite start, ingestion of the cut sources and the target: about 5 min.
   * </ul>
   *
   * Resumable: a stopped run rerun with the same command goes on from its last finished cell.
   */
  public static TransferPreset oneTarget() {
    return new TransferPreset(
        "one-target",
        "all-minilm-l6-v2",
        "",
        allAlgorithms(),
        List.of(8, 32),
        List.of(1L, 2L, 3L, 4L, 5L),
        List.of("covidqa"),
        48,
        150,
        40,
        2,
        2,
        2,
        1,
        1e-3,
        1e-4,
        ParameterSubsetKind.PARAMETER_SUBSET_KIND_TOP_LAYERS,
        1,
        ParameterSubsetKind.PARAMETER_SUBSET_KIND_HEADS_ONLY,
        List.of(1e-3, 1e-2, 1e-1),
        List.of(5),
        5,
        16);
  }

  /**
   * The full comparison, meant for GPU workers on Kubernetes (KUBERNETES executor): the three
   * targets, every algorithm, 1000 meta-steps of 4 tasks of 8 + 8 questions over all questions of
   * every source domain, adaptation of all parameters with rate and step count chosen by 2-fold
   * cross-validation, k 8 to 64, 5 seeds, 150 held-out questions per target.
   */
  public static TransferPreset full() {
    return new TransferPreset(
        "full",
        "all-minilm-l6-v2",
        "",
        allAlgorithms(),
        List.of(8, 16, 32, 64),
        List.of(1L, 2L, 3L, 4L, 5L),
        List.of("covidqa", "policyqa", "subjqa-electronics"),
        0,
        150,
        1000,
        4,
        8,
        8,
        1,
        1e-3,
        1e-5,
        ParameterSubsetKind.PARAMETER_SUBSET_KIND_ALL,
        0,
        ParameterSubsetKind.PARAMETER_SUBSET_KIND_ALL,
        List.of(1e-5, 1e-4, 1e-3),
        List.of(5, 20),
        5,
        50);
  }

  private static List<MetaAlgorithm> allAlgorithms() {
    return List.of(
        MetaAlgorithm.META_ALGORITHM_FOMAML,
        MetaAlgorithm.META_ALGORITHM_ANIL,
        MetaAlgorithm.META_ALGORITHM_REPTILE,
        MetaAlgorithm.META_ALGORITHM_MAML,
        MetaAlgorithm.META_ALGORITHM_META_SGD);
  }

  /** The preset of that name: tiny, one-target or full. */
  public static TransferPreset byName(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "tiny" -> tiny();
      case "one-target" -> oneTarget();
      case "full" -> full();
      default ->
          throw new IllegalArgumentException(
              "unknown preset '" + name + "': use tiny, one-target or full");
    };
  }
}
