package dev.metarag.bench.transfer;

import dev.metarag.proto.v1.MetaAlgorithm;
import dev.metarag.proto.v1.ParameterSubsetKind;
import java.util.List;
import java.util.Locale;

/**
 * Everything that sizes one run of the benchmark, as data. Meta-learners and the joint baseline get
 * the same budget: the same meta-steps, tasks per step and support + query examples per task, so
 * every method processes the same examples (the meta-learners spend more compute per example on
 * their inner loop; that is their method, not extra data).
 *
 * @param name the preset's name, used in the output file names
 * @param baseModel the services' base model ({@code tiny} or {@code all-minilm-l6-v2}); only used
 *     when the harness starts the suite itself
 * @param algorithms meta-learning algorithms compared with joint training
 * @param shots support-set sizes k of the adaptation
 * @param seeds seeds of the support/evaluation draws (and of the adaptation)
 * @param targets default target domains (catalogue keys)
 * @param sourceQuestions questions per source domain given to meta-training (0: all)
 * @param evaluationQuestions held-out target questions scored per seed (the same for every k)
 * @param metaSteps meta-steps (JOINT: training steps) of every job
 * @param metaBatch tasks per meta-step
 * @param taskSupport support questions per meta-training task
 * @param taskQuery query questions per meta-training task
 * @param innerSteps inner-loop steps of the meta-learners
 * @param innerLearningRate inner-loop learning rate of the meta-learners (their adaptation rate)
 * @param outerLearningRate outer (Adam) rate; JOINT's learning rate
 * @param trainable parameters meta-training and joint training update
 * @param trainableTopLayers top layers with {@code TOP_LAYERS}
 * @param adaptSteps gradient steps of every adaptation (joint + fine-tuning and meta + adaptation)
 * @param fineTuneParameters parameters joint + fine-tuning adapts (meta-learners adapt the subset
 *     their inner loop was trained on)
 * @param learningRateGrid fine-tuning rates tried on the support set for joint + fine-tuning
 * @param retrievalTopK passages per question for the loss and for reading
 * @param evaluationPerJob held-out source questions each job's own evaluation scores
 */
public record TransferPreset(
    String name,
    String baseModel,
    List<MetaAlgorithm> algorithms,
    List<Integer> shots,
    List<Long> seeds,
    List<String> targets,
    int sourceQuestions,
    int evaluationQuestions,
    int metaSteps,
    int metaBatch,
    int taskSupport,
    int taskQuery,
    int innerSteps,
    double innerLearningRate,
    double outerLearningRate,
    ParameterSubsetKind trainable,
    int trainableTopLayers,
    int adaptSteps,
    ParameterSubsetKind fineTuneParameters,
    List<Double> learningRateGrid,
    int retrievalTopK,
    int evaluationPerJob) {

  public TransferPreset {
    algorithms = List.copyOf(algorithms);
    shots = List.copyOf(shots);
    seeds = List.copyOf(seeds);
    targets = List.copyOf(targets);
    learningRateGrid = List.copyOf(learningRateGrid);
    if (algorithms.contains(MetaAlgorithm.META_ALGORITHM_JOINT)) {
      throw new IllegalArgumentException("JOINT is the baseline, always run: not an algorithm");
    }
  }

  /** The largest k. */
  public int maxShots() {
    return shots.stream().mapToInt(Integer::intValue).max().orElseThrow();
  }

  /**
   * About a minute on 2 cores with the tiny random model: the build's test of the harness on the
   * fixture domains. Its figures mean nothing; its cells must all be there.
   */
  public static TransferPreset tiny() {
    return new TransferPreset(
        "tiny",
        "tiny",
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
        2,
        ParameterSubsetKind.PARAMETER_SUBSET_KIND_HEADS_ONLY,
        List.of(0.01, 0.1),
        3,
        2);
  }

  /**
   * Sized for 45 minutes on 2 CPU cores with the real MiniLM (see the README's estimate): three
   * targets, FOMAML and ANIL against JOINT, 5 meta-steps of 2 tasks of 2 + 2 questions over 48
   * questions per source domain, heads-only fine-tuning, 12 held-out questions per seed.
   */
  public static TransferPreset reduced() {
    return new TransferPreset(
        "reduced",
        "all-minilm-l6-v2",
        List.of(MetaAlgorithm.META_ALGORITHM_FOMAML, MetaAlgorithm.META_ALGORITHM_ANIL),
        List.of(8, 16, 32),
        List.of(1L, 2L, 3L),
        List.of("covidqa", "policyqa", "subjqa-electronics"),
        48,
        12,
        5,
        2,
        2,
        2,
        1,
        0.01,
        1e-5,
        ParameterSubsetKind.PARAMETER_SUBSET_KIND_TOP_LAYERS,
        1,
        5,
        ParameterSubsetKind.PARAMETER_SUBSET_KIND_HEADS_ONLY,
        List.of(0.003, 0.03),
        5,
        2);
  }

  /**
   * The full comparison, meant for GPU workers on Kubernetes (KUBERNETES executor): every algorithm
   * including second-order MAML, 1000 meta-steps of 4 tasks of 8 + 8 questions over all questions
   * of every source domain, adaptation of all parameters, 100 held-out questions.
   */
  public static TransferPreset full() {
    return new TransferPreset(
        "full",
        "all-minilm-l6-v2",
        List.of(
            MetaAlgorithm.META_ALGORITHM_FOMAML,
            MetaAlgorithm.META_ALGORITHM_REPTILE,
            MetaAlgorithm.META_ALGORITHM_ANIL,
            MetaAlgorithm.META_ALGORITHM_MAML),
        List.of(8, 16, 32),
        List.of(1L, 2L, 3L),
        List.of("covidqa", "policyqa", "subjqa-electronics", "subjqa-tripadvisor"),
        0,
        100,
        1000,
        4,
        8,
        8,
        1,
        1e-3,
        1e-5,
        ParameterSubsetKind.PARAMETER_SUBSET_KIND_ALL,
        0,
        5,
        ParameterSubsetKind.PARAMETER_SUBSET_KIND_ALL,
        List.of(1e-5, 1e-4, 1e-3),
        5,
        50);
  }

  /** The preset of that name: tiny, reduced or full. */
  public static TransferPreset byName(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "tiny" -> tiny();
      case "reduced" -> reduced();
      case "full" -> full();
      default ->
          throw new IllegalArgumentException(
              "unknown preset '" + name + "': use tiny, reduced or full");
    };
  }
}
