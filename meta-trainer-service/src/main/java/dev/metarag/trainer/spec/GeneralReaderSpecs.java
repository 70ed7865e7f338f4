package dev.metarag.trainer.spec;

import dev.metarag.proto.v1.GeneralReaderSpec;
import dev.metarag.proto.v1.JobSpec;
import dev.metarag.proto.v1.MetaAlgorithm;
import dev.metarag.proto.v1.ParameterSubsetKind;
import dev.metarag.proto.v1.TaskSampling;

/**
 * The checks and defaults of a GENERAL_READER job: its own settings in {@code general_reader}, and
 * none of the meta-learning fields, which such a job would otherwise accept and ignore.
 */
final class GeneralReaderSpecs {
  static final int DEFAULT_EPOCHS = 1;
  static final int DEFAULT_BATCH = 16;
  static final double DEFAULT_RATE = 1e-4;
  static final double DEFAULT_WARMUP = 0.1;
  static final int DEFAULT_HARD_NEGATIVES = 1;

  /** Checkpoints and evaluations of a general reader, in training steps. */
  static final int DEFAULT_CHECKPOINT_EVERY = 250;

  static final int DEFAULT_EVALUATE_EVERY = 1000;

  private GeneralReaderSpecs() {}

  /** The general_reader settings with defaults filled in. */
  static GeneralReaderSpec validate(GeneralReaderSpec s) {
    String f = "spec.general_reader";
    GeneralReaderSpec.Builder out = s.toBuilder();
    out.setEpochs(Check.intOr(f + ".epochs", s.getEpochs(), DEFAULT_EPOCHS, 1, 100));
    out.setBatchSize(Check.intOr(f + ".batch_size", s.getBatchSize(), DEFAULT_BATCH, 1, 256));
    double rate = s.getLearningRate();
    Check.that(
        !Double.isNaN(rate) && rate >= 0 && rate <= 0.1,
        f + ".learning_rate",
        "must be in (0, 0.1] (0 means " + DEFAULT_RATE + "), got " + rate);
    out.setLearningRate(rate == 0 ? DEFAULT_RATE : rate);
    double warmup = s.hasWarmupFraction() ? s.getWarmupFraction() : DEFAULT_WARMUP;
    Check.that(
        !Double.isNaN(warmup) && warmup >= 0 && warmup <= 0.5,
        f + ".warmup_fraction",
        "must be in [0, 0.5] (unset means " + DEFAULT_WARMUP + "), got " + warmup);
    out.setWarmupFraction(warmup);
    int negatives = s.hasHardNegatives() ? s.getHardNegatives() : DEFAULT_HARD_NEGATIVES;
    Check.that(
        negatives >= 0 && negatives <= 19,
        f + ".hard_negatives",
        "must be between 0 and 19 (unset means " + DEFAULT_HARD_NEGATIVES + "), got " + negatives);
    out.setHardNegatives(negatives);
    return out.build();
  }

  /** Refuses the meta-learning fields, naming the first one set. */
  static void requireNoMetaSettings(JobSpec spec) {
    unset(spec.getAlgorithm() == MetaAlgorithm.META_ALGORITHM_UNSPECIFIED, "spec.algorithm");
    unset(spec.getSupportSize() == 0, "spec.support_size");
    unset(spec.getQuerySize() == 0, "spec.query_size");
    unset(spec.getInnerLearningRate() == 0, "spec.inner_learning_rate");
    unset(spec.getInnerSteps() == 0, "spec.inner_steps");
    unset(spec.getOuterLearningRate() == 0, "spec.outer_learning_rate");
    unset(spec.getMetaBatchSize() == 0, "spec.meta_batch_size");
    unset(spec.getMetaSteps() == 0, "spec.meta_steps");
    unset(spec.getTaskSampling() == TaskSampling.TASK_SAMPLING_UNSPECIFIED, "spec.task_sampling");
    unset(
        !spec.hasInnerParameters()
            || spec.getInnerParameters().getKind()
                == ParameterSubsetKind.PARAMETER_SUBSET_KIND_UNSPECIFIED,
        "spec.inner_parameters");
  }

  private static void unset(boolean isUnset, String field) {
    Check.that(
        isUnset,
        field,
        "is a meta-training setting; a GENERAL_READER job takes its settings from"
            + " spec.general_reader: leave it unset");
  }
}
