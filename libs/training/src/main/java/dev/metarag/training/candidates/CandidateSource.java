package dev.metarag.training.candidates;

import dev.metarag.training.rag.Candidate;
import java.util.List;

/**
 * Where retrieval candidates for training come from: the domain's collection in the retriever (over
 * gRPC, in the trainer and adapter services) or an in-memory passage list (tests, offline
 * experiments).
 */
public interface CandidateSource {

  /** The top {@code k} passages for a question, best first, with their document embeddings. */
  List<Candidate> topK(String question, int k);
}
