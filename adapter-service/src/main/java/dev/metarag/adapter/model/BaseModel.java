package dev.metarag.adapter.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.metarag.proto.v1.MetaAlgorithm;
import dev.metarag.proto.v1.ModelVersion;
import dev.metarag.training.export.RagExport;
import dev.metarag.training.model.RagModelSetup;
import dev.metarag.training.rag.ParameterSubset;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded model to adapt from. Its arrays belong to {@code manager}; adaptations read them and
 * never change them, so one loaded model serves many adaptations.
 *
 * @param version the version as the API shows it (lineage included)
 * @param innerRates Meta-SGD's learned inner rates by parameter name; empty for other models
 * @param exporter writes adapted weights into the pretrained ONNX graph; parsed once per loaded
 *     model, empty for a model without one
 * @param frozen its encoders as fixed functions, for adaptations that do not change them
 */
public record BaseModel(
    ModelVersion version,
    RagModelSetup setup,
    Map<String, NDArray> parameters,
    Map<String, NDArray> innerRates,
    Optional<RagExport> exporter,
    FrozenEncoders frozen,
    NDManager manager)
    implements AutoCloseable {
  /** The inner rate of a model that was not meta-trained. */
  public static final float DEFAULT_INNER_RATE = 1e-4f;

  public MetaAlgorithm algorithm() {
    return version.getLineage().getAlgorithm();
  }

  /** The inner learning rate it was meta-trained (or last adapted) with. */
  public float innerLearningRate() {
    String rate = version.getLineage().getHyperparametersOrDefault("inner_learning_rate", "");
    try {
      return rate.isEmpty() ? DEFAULT_INNER_RATE : Float.parseFloat(rate);
    } catch (NumberFormatException e) {
      return DEFAULT_INNER_RATE;
    }
  }

  /** The parameters its inner loop adapted; ALL for a model that was not meta-trained. */
  public ParameterSubset innerParameters() {
    return ParameterSubsets.parse(
        version.getLineage().getHyperparametersOrDefault("inner_parameters", ""));
  }

  @Override
  public void close() {
    frozen.close();
    manager.close();
  }
}
