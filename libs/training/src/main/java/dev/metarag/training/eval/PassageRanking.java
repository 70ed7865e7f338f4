package dev.metarag.training.eval;

import dev.metarag.training.rag.Candidate;
import java.util.List;

/** Where the passages an example is scored on come from, and in which order. */
@FunctionalInterface
public interface PassageRanking {

  /**
   * @param queryEmbedding the evaluated model's embedding of the example's question
   * @return at most {@code k} passages, best first
   */
  List<Candidate> rank(EvaluationExample example, float[] queryEmbedding, int k);

  /**
   * The example's own candidates, reordered by the evaluated query encoder: the dot product of the
   * query embedding with each candidate's stored document embedding, ties in the given order.
   */
  static PassageRanking byQueryEncoder() {
    return QueryEncoderRanking.INSTANCE;
  }

  /** The passages a search returns for the question and its query embedding, in its order. */
  static PassageRanking search(PassageSearch search) {
    return (example, queryEmbedding, k) -> search.topK(example.question(), queryEmbedding, k);
  }
}
