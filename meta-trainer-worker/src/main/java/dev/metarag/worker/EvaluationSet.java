package dev.metarag.worker;

import dev.metarag.jobs.CandidatePool;
import dev.metarag.jobs.JobDirectory;
import dev.metarag.jobs.TaskExample;
import dev.metarag.jobs.WorkerConfig;
import dev.metarag.training.eval.EvaluationExample;
import dev.metarag.training.rag.Candidate;
import dev.metarag.training.rag.RagExample;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one evaluation domain is scored on: a model adapts on {@code support} with the inner loop,
 * then answers {@code scored}, which no step ever trains on.
 *
 * @param domain the domain's name
 * @param support the few labelled examples adaptation starts from, with their own candidates
 * @param scored the held-out questions, each with the passages the query encoder ranks: its
 *     candidate pool when the job has one for it, else its own candidates
 */
record EvaluationSet(String domain, List<RagExample> support, List<EvaluationExample> scored) {

  /**
   * The evaluation sets of a job's evaluation domains, in its order.
   *
   * @param sources the job's source domains, split; an evaluation domain of the same name takes its
   *     held-out part
   */
  static List<EvaluationSet> read(
      JobDirectory job, WorkerConfig config, Map<String, DomainTasks> sources) throws IOException {
    List<EvaluationSet> sets = new ArrayList<>();
    for (WorkerConfig.Domain d : config.evaluationDomains()) {
      DomainTasks tasks = sources.get(d.name());
      if (tasks != null) {
        sets.add(of(tasks, true, config.supportSize(), config.evaluationExamples(), List.of()));
        continue;
      }
      List<TaskExample> examples = job.readTasks(d.tasksFile());
      sets.add(
          of(
              DomainTasks.split(d.name(), examples, 0),
              false,
              config.supportSize(),
              config.evaluationExamples(),
              scoring(examples, pool(job, d))));
    }
    return sets;
  }

  /** The domain's candidate pool; null when it has none. */
  static CandidatePool pool(JobDirectory job, WorkerConfig.Domain d) throws IOException {
    return d.poolFile() == null ? null : job.readPool(d.poolFile());
  }

  /**
   * A domain's examples as evaluation scores them, in the task file's order: each with its pool
   * when {@code pool} covers it, else with its own candidates.
   *
   * @param pool the domain's candidate pool; null when it has none
   */
  static List<EvaluationExample> scoring(List<TaskExample> examples, CandidatePool pool) {
    List<EvaluationExample> out = new ArrayList<>(examples.size());
    for (int i = 0; i < examples.size(); i++) {
      TaskExample e = examples.get(i);
      if (pool == null || !pool.covers(i)) {
        out.add(EvaluationExample.of(DomainTasks.toRag(e)));
        continue;
      }
      List<Candidate> candidates = pool.of(i).stream().map(DomainTasks::toCandidate).toList();
      out.add(new EvaluationExample(e.question(), e.answers(), "", candidates));
    }
    return out;
  }

  /**
   * For a domain that is also a source domain, support comes from its training pool and the scored
   * part is its held-out tail (with its own candidates); a domain seen only in evaluation gives its
   * first {@code supportSize} examples as support and the rest (at most {@code examples}) to score,
   * as {@code scoring} has them.
   *
   * @param scoring the domain's examples as evaluation scores them, in the order of {@code tasks};
   *     unused for a source domain
   */
  static EvaluationSet of(
      DomainTasks tasks,
      boolean alsoSource,
      int supportSize,
      int examples,
      List<EvaluationExample> scoring) {
    if (alsoSource) {
      List<RagExample> pool = tasks.training();
      return new EvaluationSet(
          tasks.name(),
          pool.subList(0, Math.min(supportSize, pool.size())),
          tasks.heldOut().stream().map(EvaluationExample::of).toList());
    }
    List<RagExample> all = new ArrayList<>(tasks.training());
    all.addAll(tasks.heldOut());
    int support = Math.min(supportSize, all.size() / 2);
    int scored = Math.min(examples, all.size() - support);
    return new EvaluationSet(
        tasks.name(), all.subList(0, support), scoring.subList(support, support + scored));
  }
}
