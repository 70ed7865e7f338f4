package dev.metarag.worker;

import dev.metarag.training.rag.RagExample;
import java.util.List;

/**
 * What one evaluation domain is scored on: a model adapts on {@code support} with the inner loop,
 * then answers {@code scored}, which no step ever trains on.
 *
 * @param domain the domain's name
 * @param support the few labelled examples adaptation starts from
 * @param scored the held-out questions
 */
record EvaluationSet(String domain, List<RagExample> support, List<RagExample> scored) {

  /**
   * For a domain that is also a source domain, support comes from its training pool and the scored
   * part is its held-out tail; a domain seen only in evaluation gives its first {@code supportSize}
   * examples as support and the rest (at most {@code examples}) to score.
   */
  static EvaluationSet of(DomainTasks tasks, boolean alsoSource, int supportSize, int examples) {
    if (alsoSource) {
      List<RagExample> pool = tasks.training();
      return new EvaluationSet(
          tasks.name(), pool.subList(0, Math.min(supportSize, pool.size())), tasks.heldOut());
    }
    List<RagExample> all = new java.util.ArrayList<>(tasks.training());
    all.addAll(tasks.heldOut());
    int support = Math.min(supportSize, all.size() / 2);
    int scored = Math.min(examples, all.size() - support);
    return new EvaluationSet(
        tasks.name(), all.subList(0, support), all.subList(support, support + scored));
  }
}
