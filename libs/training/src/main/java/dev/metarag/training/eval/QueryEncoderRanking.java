package dev.metarag.training.eval;

import dev.metarag.training.rag.Candidate;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** {@link PassageRanking#byQueryEncoder()}: an example's candidates by query-document score. */
final class QueryEncoderRanking implements PassageRanking {
  static final QueryEncoderRanking INSTANCE = new QueryEncoderRanking();

  private QueryEncoderRanking() {}

  @Override
  public List<Candidate> rank(EvaluationExample example, float[] queryEmbedding, int k) {
    List<Candidate> candidates = example.candidates();
    float[] scores = new float[candidates.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = Similarity.dot(queryEmbedding, candidates.get(i).embedding());
    }
    // The sort is stable: equal scores keep the retriever's order.
    return IntStream.range(0, scores.length)
        .boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> scores[i]).reversed())
        .limit(k)
        .map(candidates::get)
        .toList();
  }
}
