package dev.metarag.training.eval;

import dev.metarag.training.rag.Candidate;
import java.util.List;

/** A caller's passage search, such as the retriever's, by a question and its query embedding. */
@FunctionalInterface
public interface PassageSearch {

  /**
   * @param queryEmbedding the evaluated model's embedding of {@code question}
   * @return at most {@code k} passages, best first, with their document embeddings
   */
  List<Candidate> topK(String question, float[] queryEmbedding, int k);
}
