package dev.metarag.adapter.adaptation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.metarag.adapter.examples.LabelledExample;
import dev.metarag.adapter.retrieval.RetrieverClient;
import dev.metarag.proto.v1.EvaluationMetrics;
import dev.metarag.proto.v1.MetadataFilter;
import dev.metarag.training.eval.EvaluationExample;
import dev.metarag.training.eval.EvaluationResult;
import dev.metarag.training.eval.ExampleScore;
import dev.metarag.training.eval.RagEvaluation;
import dev.metarag.training.rag.RagModel;
import dev.metarag.training.rag.RagParameters;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a model on the evaluation examples end to end against the domain's whole index, or the
 * part an example's filters scope it to: its query encoder embeds each question, the retriever
 * ranks the collection by that embedding (so an adapted query encoder is judged as it will serve),
 * and its reader reads the top passages, picking spans as long as the generator's by default. The
 * served figures withhold answers below the serving threshold, as the generator does.
 */
public final class Evaluator {
  private final RetrieverClient retriever;
  private final double servedMinConfidence;
  private final int maxAnswerTokens;

  /**
   * @param servedMinConfidence the generator's threshold, for the served figures
   * @param maxAnswerTokens the longest answer decoded, in word pieces
   */
  public Evaluator(RetrieverClient retriever, double servedMinConfidence, int maxAnswerTokens) {
    if (maxAnswerTokens < 1 || maxAnswerTokens > 64) {
      throw new IllegalArgumentException(
          "metarag.adapter.max-answer-tokens must be 1 to 64, got " + maxAnswerTokens);
    }
    this.retriever = retriever;
    this.servedMinConfidence = servedMinConfidence;
    this.maxAnswerTokens = maxAnswerTokens;
  }

  /** The model's metrics, each example's score with them when the plan asks for it. */
  EvaluationMetrics evaluate(
      RagModel model,
      Map<String, NDArray> params,
      List<LabelledExample> examples,
      AdaptPlan plan,
      NDManager scope) {
    RagEvaluation evaluation =
        new RagEvaluation(model, plan.retrievalTopK(), servedMinConfidence, maxAnswerTokens);
    // Each example is ranked within its own scope; the ranking gets back the very instance given.
    Map<EvaluationExample, List<MetadataFilter>> scopes = new IdentityHashMap<>();
    List<EvaluationExample> scored = new ArrayList<>(examples.size());
    for (LabelledExample e : examples) {
      EvaluationExample x =
          new EvaluationExample(e.question(), e.answers(), e.goldDocumentId(), List.of());
      scopes.put(x, e.filters());
      scored.add(x);
    }
    List<ExampleScore> each =
        evaluation.scoreEach(
            new RagParameters(params),
            scored,
            (example, embedding, k) ->
                retriever.nearest(plan.domain(), embedding, k, scopes.get(example)),
            scope);
    EvaluationResult r = EvaluationResult.of(each);
    EvaluationMetrics.Builder metrics =
        EvaluationMetrics.newBuilder()
            .setExactMatch(r.exactMatch())
            .setF1(r.f1())
            .setRecallAt1(r.recallAt1())
            .setRecallAt5(r.recallAt5())
            .setRecallAt20(r.recallAt20())
            .setMrrAt10(r.mrrAt10())
            .setExampleCount(r.examples())
            .setAbstainedCount(r.abstained())
            .setLoss(r.loss())
            .setServedExactMatch(r.servedExactMatch())
            .setServedF1(r.servedF1())
            .setServedAbstainedCount(r.abstained());
    if (plan.exampleScores()) {
      for (ExampleScore s : each) {
        LabelledExample e = examples.get(s.index());
        // The example's position as given, which a data set's limit and sampling decide.
        metrics.addExamples(
            dev.metarag.proto.v1.ExampleScore.newBuilder()
                .setExampleId(e.id())
                .setIndex(e.index())
                .setExactMatch(s.exactMatch())
                .setF1(s.f1())
                .setConfidence(s.confidence())
                .setAbstainedAsServed(s.abstained())
                .setFirstRelevantRank(s.firstRelevantRank())
                .setAnswer(s.answer()));
      }
    }
    return metrics.build();
  }
}
