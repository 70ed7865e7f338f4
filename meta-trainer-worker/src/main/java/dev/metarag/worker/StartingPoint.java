package dev.metarag.worker;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.metarag.inference.model.ModelPackage;
import dev.metarag.jobs.WorkerConfig;
import dev.metarag.training.export.RagPackages;
import dev.metarag.training.meta.MetaConfig;
import dev.metarag.training.meta.MetaLearner;
import dev.metarag.training.meta.TaskObjective;
import dev.metarag.training.model.RagModelSetup;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameters a job's first run starts from: the job's model as its setup builds it (the
 * pretrained MiniLM, or the tiny random BERT drawn with the seed), or the registered version whose
 * package the service copied into the job directory, read the way adaptation reads a version
 * ({@link RagPackages}) with its Meta-SGD inner rates when it has them.
 *
 * @param parameters by name, owned by the manager they were loaded with
 * @param innerRates learned inner rates by parameter name; empty unless the version has them
 * @param description what the run starts from, for the progress log
 */
record StartingPoint(
    Map<String, NDArray> parameters, Map<String, NDArray> innerRates, String description) {

  static StartingPoint load(
      WorkerConfig config, RagModelSetup setup, Path jobRoot, NDManager manager)
      throws IOException {
    WorkerConfig.BaseVersion base = config.baseVersion();
    if (base == null) {
      return new StartingPoint(
          setup.initialParameters(config.seed(), manager).asMap(),
          new LinkedHashMap<>(),
          config.model());
    }
    Path dir = jobRoot.resolve(base.packageDir());
    String model = RagPackages.modelName(ModelPackage.open(dir));
    if (!model.equals(setup.name())) {
      // The service refuses such a start; a job directory edited by hand could still have one.
      throw new IllegalStateException(
          "base model version "
              + base.version()
              + " holds the "
              + model
              + " model, but the job trains "
              + setup.name());
    }
    return new StartingPoint(
        RagPackages.readParameters(dir, manager).asMap(),
        RagPackages.readInnerRates(dir, manager),
        base.version() + " (" + model + ")");
  }

  /**
   * A learner from these parameters; Meta-SGD keeps the learned rates there are and starts the
   * others at the configured inner rate ({@link MetaLearner#continuing}).
   */
  <B> MetaLearner<B> learner(TaskObjective<B> objective, MetaConfig config, NDManager manager) {
    return MetaLearner.continuing(objective, parameters, innerRates, config, manager);
  }
}
