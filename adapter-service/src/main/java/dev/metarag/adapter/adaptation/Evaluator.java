package dev.metarag.adapter.adaptation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.metarag.adapter.examples.LabelledExample;
import dev.metarag.adapter.retrieval.RetrieverClient;
import dev.metarag.proto.v1.EvaluationMetrics;
import dev.metarag.training.eval.EvaluationExample;
import dev.metarag.training.eval.EvaluationResult;
import dev.metarag.training.eval.PassageRanking;
import dev.metarag.training.eval.RagEvaluation;
import dev.metarag.training.rag.RagModel;
import dev.metarag.training.rag.RagParameters;
import java.util.List;
import java.util.Map;

/**
 * Scores a model on the evaluation examples end to end against the domain's whole index: its query
 * encoder embeds each question, the retriever ranks the collection by that embedding (so an adapted
 * query encoder is judged as it will serve), and its reader reads the top passages.
 */
public final class Evaluator {
  private final RetrieverClient retriever;
  private final double abstainBelow;

  public Evaluator(RetrieverClient retriever, double abstainBelow) {
    this.retriever = retriever;
    this.abstainBelow = abstainBelow;
  }

  EvaluationMetrics evaluate(
      RagModel model,
      Map<String, NDArray> params,
      List<LabelledExample> examples,
      AdaptPlan plan,
      NDManager scope) {
    RagEvaluation evaluation = new RagEvaluation(model, plan.retrievalTopK(), abstainBelow);
    List<EvaluationExample> scored =
        examples.stream()
            .map(
                e ->
                    new EvaluationExample(e.question(), e.answers(), e.goldDocumentId(), List.of()))
            .toList();
    PassageRanking ranking =
        PassageRanking.search(
            (question, embedding, k) -> retriever.nearest(plan.domain(), embedding, k));
    EvaluationResult r = evaluation.score(new RagParameters(params), scored, ranking, scope);
    return EvaluationMetrics.newBuilder()
        .setExactMatch(r.exactMatch())
        .setF1(r.f1())
        .setRecallAt1(r.recallAt1())
        .setRecallAt5(r.recallAt5())
        .setRecallAt20(r.recallAt20())
        .setMrrAt10(r.mrrAt10())
        .setExampleCount(r.examples())
        .setAbstainedCount(r.abstained())
        .setLoss(r.loss())
        .build();
  }
}
