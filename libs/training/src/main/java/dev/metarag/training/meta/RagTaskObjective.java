package dev.metarag.training.meta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.metarag.training.rag.RagExample;
import dev.metarag.training.rag.RagLoss;
import dev.metarag.training.rag.RagModel;
import dev.metarag.training.rag.RagParameters;
import java.util.List;
import java.util.Map;

/**
 * The RAG marginal likelihood as a meta-learning objective: a batch is a list of questions with
 * their retrieval candidates. A batch in which no answer occurs in any candidate has no defined
 * likelihood; it contributes a zero loss (no gradient) rather than failing the meta-step.
 */
public final class RagTaskObjective implements TaskObjective<List<RagExample>> {
  private final RagModel model;

  public RagTaskObjective(RagModel model) {
    this.model = model;
  }

  @Override
  public NDArray loss(Map<String, NDArray> params, List<RagExample> batch, NDManager scope) {
    RagLoss loss = model.loss(new RagParameters(params), batch, scope);
    if (loss.loss() != null) {
      return loss.loss();
    }
    // Zero that still depends on a parameter, so that backward has a graph to walk.
    NDArray any = params.values().iterator().next();
    return any.sum().mul(scope.zeros(new Shape()));
  }
}
