package dev.metarag.training.meta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.metarag.training.rag.RagExample;
import dev.metarag.training.rag.RagLoss;
import dev.metarag.training.rag.RagModel;
import dev.metarag.training.rag.RagParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The RAG marginal likelihood as a meta-learning objective: a batch is a list of questions with
 * their retrieval candidates. A batch in which no answer occurs in any candidate has no defined
 * likelihood; it contributes a zero loss (no gradient) rather than failing the meta-step.
 */
public final class RagTaskObjective implements TaskObjective<List<RagExample>> {
  private final RagModel model;
  private final int examplesPerPass;

  /** Each batch's loss and gradient in one pass (meta-training's small support and query sets). */
  public RagTaskObjective(RagModel model) {
    this(model, Integer.MAX_VALUE);
  }

  /**
   * Batches of more than {@code examplesPerPass} questions go through the model in parts of that
   * size, so that memory depends on the part, not on the batch (an adaptation's support set may
   * hold a thousand questions). A part weighs its share of the batch's questions, which makes the
   * sum exactly the batch's mean loss when every question has its answer in a candidate (the
   * adapter passes only those).
   */
  public RagTaskObjective(RagModel model, int examplesPerPass) {
    if (examplesPerPass < 1) {
      throw new IllegalArgumentException(
          "examplesPerPass must be at least 1, was " + examplesPerPass);
    }
    this.model = model;
    this.examplesPerPass = examplesPerPass;
  }

  @Override
  public List<Part<List<RagExample>>> parts(List<RagExample> batch) {
    if (batch.size() <= examplesPerPass) {
      return List.of(new Part<>(batch, 1f));
    }
    List<Part<List<RagExample>>> parts = new ArrayList<>();
    for (int from = 0; from < batch.size(); from += examplesPerPass) {
      List<RagExample> part = batch.subList(from, Math.min(batch.size(), from + examplesPerPass));
      parts.add(new Part<>(part, (float) part.size() / batch.size()));
    }
    return parts;
  }

  @Override
  public NDArray loss(Map<String, NDArray> params, List<RagExample> batch, NDManager scope) {
    RagLoss loss = model.loss(new RagParameters(params), batch, scope);
    if (loss.loss() != null) {
      return loss.loss();
    }
    // Zero that still depends on a parameter being differentiated (when one is), so that backward
    // has a graph to walk: with a subset such as the heads, the model's first parameter is not one.
    NDArray any =
        params.values().stream()
            .filter(NDArray::hasGradient)
            .findFirst()
            .orElse(params.values().iterator().next());
    return any.sum().mul(scope.zeros(new Shape()));
  }
}
