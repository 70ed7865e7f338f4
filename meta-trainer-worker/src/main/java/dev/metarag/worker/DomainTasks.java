package dev.metarag.worker;

import dev.metarag.jobs.TaskExample;
import dev.metarag.training.rag.Candidate;
import dev.metarag.training.rag.RagExample;
import java.util.List;

/**
 * A domain's examples, split once and for all into a training pool (support and query sets are
 * drawn from it) and a held-out part that only evaluation sees.
 *
 * @param name the domain
 * @param training examples tasks are sampled from
 * @param heldOut examples kept for evaluation (empty when evaluation uses other domains)
 */
record DomainTasks(String name, List<RagExample> training, List<RagExample> heldOut) {

  /**
   * Splits a source domain: when it also serves evaluation, its last {@code min(evaluation, n/5)}
   * examples are held out and never trained on.
   */
  static DomainTasks split(String name, List<TaskExample> examples, int heldOutWanted) {
    List<RagExample> all = examples.stream().map(DomainTasks::toRag).toList();
    int held = Math.min(heldOutWanted, all.size() / 5);
    return new DomainTasks(
        name, all.subList(0, all.size() - held), all.subList(all.size() - held, all.size()));
  }

  static RagExample toRag(TaskExample e) {
    List<Candidate> candidates = e.candidates().stream().map(DomainTasks::toCandidate).toList();
    return new RagExample(e.question(), candidates, e.answers());
  }

  static Candidate toCandidate(TaskExample.Passage p) {
    return new Candidate(p.passageId(), "", p.text(), p.embedding());
  }
}
