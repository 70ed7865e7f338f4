package dev.metarag.jobs;

import java.util.List;

/**
 * The candidate pools of a domain's evaluation questions: for each, the passages an evaluation
 * ranks with the query encoder being trained, so that its recall measures that encoder. A
 * question's own candidates ({@link TaskExample#candidates()}, the few it trains and adapts on) are
 * fixed when the job starts, and ranking only them cannot move recall@k once k reaches their
 * number; its pool is wider (the retriever's top {@code depth}), and only the evaluation ranks it.
 * The pool's passage embeddings are the index's document embeddings, which training never changes
 * (only the query encoder is trained), so the pool stays valid for the whole job.
 *
 * <p>Written by the service into {@link JobDirectory#poolFileName}; each passage is stored once
 * however many pools hold it.
 *
 * @param depth passages retrieved per question for its pool (HYBRID, the question's metadata
 *     filters applied); a pool may hold fewer when the collection (or its filtered part) is smaller
 * @param passages every passage of the pools, once each, with its frozen document embedding
 * @param questions the pools of the first {@code questions.size()} examples of the domain's task
 *     file, in its order: each a list of indices into {@code passages}, in the retriever's order;
 *     the examples after them have no pool
 */
public record CandidatePool(
    int depth, List<TaskExample.Passage> passages, List<List<Integer>> questions) {

  public CandidatePool {
    passages = List.copyOf(passages);
    questions = questions.stream().map(List::copyOf).toList();
  }

  /** Whether the example at {@code index} of the domain's task file has a pool. */
  public boolean covers(int index) {
    return index >= 0 && index < questions.size();
  }

  /**
   * The pool of the example at {@code index} of the domain's task file, in the retriever's order.
   *
   * @throws IndexOutOfBoundsException when it has none ({@link #covers})
   */
  public List<TaskExample.Passage> of(int index) {
    return questions.get(index).stream().map(passages::get).toList();
  }
}
