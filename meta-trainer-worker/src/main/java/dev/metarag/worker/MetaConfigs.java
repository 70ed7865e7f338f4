package dev.metarag.worker;

import dev.metarag.jobs.WorkerConfig;
import dev.metarag.training.meta.MetaAlgorithm;
import dev.metarag.training.meta.MetaConfig;
import dev.metarag.training.rag.ParameterSubset;
import java.util.function.Predicate;

/** Turns a job's worker configuration into the meta-learner's settings. */
final class MetaConfigs {
  private MetaConfigs() {}

  static MetaConfig of(WorkerConfig config, int modelLayers) {
    return new MetaConfig(
        MetaAlgorithm.valueOf(config.algorithm()),
        (float) config.innerLearningRate(),
        (float) config.outerLearningRate(),
        config.innerSteps(),
        selection(config.trainableParameters(), modelLayers),
        selection(config.innerParameters(), modelLayers),
        MetaConfig.DEFAULT_FINITE_DIFFERENCE_EPSILON);
  }

  /** Parses the notation ALL, HEADS_ONLY or TOP_LAYERS:n into a parameter-name predicate. */
  static Predicate<String> selection(String notation, int modelLayers) {
    return subset(notation).selects(modelLayers);
  }

  static ParameterSubset subset(String notation) {
    if (notation == null || notation.isBlank() || notation.equals("ALL")) {
      return ParameterSubset.ALL;
    }
    if (notation.equals("HEADS_ONLY")) {
      return ParameterSubset.HEADS_ONLY;
    }
    if (notation.startsWith("TOP_LAYERS:")) {
      return ParameterSubset.topLayers(
          Integer.parseInt(notation.substring("TOP_LAYERS:".length())));
    }
    throw new IllegalArgumentException(
        "parameter subset '" + notation + "' is not ALL, HEADS_ONLY or TOP_LAYERS:n");
  }
}
