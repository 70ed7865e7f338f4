package dev.metarag.worker;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.metarag.jobs.JobDirectory;
import dev.metarag.jobs.ProgressEvent;
import dev.metarag.jobs.WorkerConfig;
import dev.metarag.training.eval.EvaluationResult;
import dev.metarag.training.eval.PassageRanking;
import dev.metarag.training.eval.RagEvaluation;
import dev.metarag.training.meta.MetaConfig;
import dev.metarag.training.meta.MetaLearner;
import dev.metarag.training.meta.MetaStepResult;
import dev.metarag.training.meta.MetaTask;
import dev.metarag.training.meta.RagTaskObjective;
import dev.metarag.training.model.RagModelSetup;
import dev.metarag.training.rag.RagExample;
import dev.metarag.training.rag.RagParameters;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One run of a job's worker: from the job directory's newest checkpoint (or from scratch) to the
 * end, or to a requested stop. Everything it reports goes to the progress log.
 */
final class WorkerRun {
  /** How a run ended when it did not fail. */
  enum Outcome {
    SUCCEEDED,
    STOPPED
  }

  private final JobDirectory job;
  private final StopSignal stop;

  WorkerRun(JobDirectory job, StopSignal stop) {
    this.job = job;
    this.stop = stop;
  }

  Outcome run() throws IOException {
    WorkerConfig config = job.readConfig();
    if (config.trainsGeneralReader()) {
      return new GeneralReaderRun(job, stop).run();
    }
    RagModelSetup setup = RagModelSetup.of(config.model());
    Set<String> evaluationNames =
        config.evaluationDomains().stream()
            .map(WorkerConfig.Domain::name)
            .collect(Collectors.toSet());
    Map<String, DomainTasks> sources = new LinkedHashMap<>();
    for (WorkerConfig.Domain d : config.domains()) {
      int heldOut = evaluationNames.contains(d.name()) ? config.evaluationExamples() : 0;
      sources.put(d.name(), DomainTasks.split(d.name(), job.readTasks(d.tasksFile()), heldOut));
    }
    List<EvaluationSet> evaluationSets = EvaluationSet.read(job, config, sources);
    TaskSampler sampler =
        new TaskSampler(
            List.copyOf(sources.values()),
            "SIZE_PROPORTIONAL".equals(config.taskSampling()),
            config.supportSize(),
            config.querySize(),
            config.seed());
    MetaConfig metaConfig = MetaConfigs.of(config, setup.config().layers());
    RagTaskObjective objective = new RagTaskObjective(setup.model());
    // The reader reads every candidate of a job's question, as training does.
    RagEvaluation evaluation =
        new RagEvaluation(setup.model(), Math.max(1, config.retrievalTopK()), 0);
    CheckpointRotation checkpoints = new CheckpointRotation(job);
    long total = config.metaSteps();

    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      MetaLearner<List<RagExample>> learner;
      Optional<Long> latest = job.latestCheckpointStep();
      Map<String, ProgressEvent.Metrics> lastEvaluation = null;
      if (latest.isPresent()) {
        learner = MetaLearner.restore(job.checkpoint(latest.get()), objective, metaConfig, manager);
        job.appendProgress(
            ProgressEvent.of(
                ProgressEvent.Type.STARTED,
                learner.completedSteps(),
                total,
                "resumed from checkpoint at step " + learner.completedSteps()));
        logEngine(manager, learner.completedSteps(), total);
      } else {
        StartingPoint start = StartingPoint.load(config, setup, job.root(), manager);
        learner = start.learner(objective, metaConfig, manager);
        job.appendProgress(
            ProgressEvent.of(
                ProgressEvent.Type.STARTED,
                0,
                total,
                "starting "
                    + config.algorithm()
                    + " from "
                    + start.description()
                    + " over "
                    + String.join(", ", sources.keySet())));
        logEngine(manager, 0, total);
        logLearnedRates(start, learner, 0, total);
        lastEvaluation = evaluate(learner, evaluation, evaluationSets, config, 0, manager);
      }
      long lastCheckpoint = learner.completedSteps();
      long lastEvaluated = latest.isPresent() ? -1 : 0;
      for (long step = learner.completedSteps() + 1; step <= total; step++) {
        if (stop.requested()) {
          if (lastCheckpoint < step - 1) {
            checkpoint(checkpoints, learner, step - 1, total);
          }
          job.appendProgress(
              ProgressEvent.log(
                  "WARN",
                  step - 1,
                  total,
                  "stopped on request (SIGTERM) after step " + (step - 1)));
          return Outcome.STOPPED;
        }
        List<MetaTask<List<RagExample>>> tasks =
            sampler.tasks(step, config.metaBatchSize()).stream()
                .map(t -> new MetaTask<>(t.domain(), t.support(), t.query()))
                .toList();
        MetaStepResult result = learner.step(tasks);
        if (!Float.isFinite(result.queryLoss()) || !Float.isFinite(result.supportLoss())) {
          throw new IllegalStateException(
              "the meta-loss is not finite at step "
                  + step
                  + ": lower outer_learning_rate or inner_learning_rate");
        }
        job.appendProgress(
            ProgressEvent.step(step, total, result.queryLoss(), result.supportLoss()));
        if (config.evaluateEvery() > 0 && step % config.evaluateEvery() == 0) {
          lastEvaluation = evaluate(learner, evaluation, evaluationSets, config, step, manager);
          lastEvaluated = step;
        }
        if ((config.checkpointEvery() > 0 && step % config.checkpointEvery() == 0)
            || step == total) {
          checkpoint(checkpoints, learner, step, total);
          lastCheckpoint = step;
        }
      }
      if (lastEvaluated != total) {
        lastEvaluation = evaluate(learner, evaluation, evaluationSets, config, total, manager);
      }
      new Theta0Writer(setup)
          .write(
              job.root().resolve(WorkerConfig.OUTPUT_PACKAGE),
              new RagParameters(learner.parameters()),
              learner.innerLearningRates(),
              config,
              lastEvaluation);
      job.appendProgress(
          ProgressEvent.of(
              ProgressEvent.Type.SUCCEEDED,
              total,
              total,
              "theta0 written to " + WorkerConfig.OUTPUT_PACKAGE));
      return Outcome.SUCCEEDED;
    }
  }

  private void checkpoint(
      CheckpointRotation checkpoints, MetaLearner<?> learner, long step, long total)
      throws IOException {
    String path = checkpoints.save(step, learner::save);
    job.appendProgress(ProgressEvent.checkpoint(step, total, path));
  }

  /**
   * Adapts the current initialisation to each evaluation domain's support set with the inner loop
   * and scores the held-out questions; the mean over domains is under "*".
   */
  private Map<String, ProgressEvent.Metrics> evaluate(
      MetaLearner<List<RagExample>> learner,
      RagEvaluation evaluation,
      List<EvaluationSet> sets,
      WorkerConfig config,
      long step,
      NDManager manager) {
    if (sets.isEmpty()) {
      return null;
    }
    Map<String, EvaluationResult> results = new LinkedHashMap<>();
    for (EvaluationSet set : sets) {
      try (NDManager scope = manager.newSubManager()) {
        Map<String, NDArray> adapted = learner.adapt(set.support(), config.innerSteps(), scope);
        // The adapted query encoder ranks each question's pool (or its own candidates).
        results.put(
            set.domain(),
            evaluation.score(
                new RagParameters(adapted), set.scored(), PassageRanking.byQueryEncoder(), scope));
      }
    }
    results.put("*", EvaluationResult.mean(List.copyOf(results.values())));
    Map<String, ProgressEvent.Metrics> figures = new LinkedHashMap<>();
    results.forEach((domain, r) -> figures.put(domain, metrics(r)));
    job.appendProgress(ProgressEvent.evaluation(step, config.metaSteps(), figures));
    return figures;
  }

  /** The figures the progress log reports, from the evaluation's. */
  private static ProgressEvent.Metrics metrics(EvaluationResult r) {
    return new ProgressEvent.Metrics(
        r.exactMatch(), r.f1(), r.recallAt1(), r.recallAt5(), r.loss(), r.examples());
  }

  /** Says how many of Meta-SGD's inner rates the run took from the version it starts from. */
  private void logLearnedRates(StartingPoint start, MetaLearner<?> learner, long step, long total) {
    if (start.innerRates().isEmpty() || learner.innerLearningRates().isEmpty()) {
      return;
    }
    long kept =
        learner.innerLearningRates().keySet().stream()
            .filter(start.innerRates()::containsKey)
            .count();
    job.appendProgress(
        ProgressEvent.log(
            "INFO",
            step,
            total,
            "Meta-SGD inner rates: "
                + kept
                + " of "
                + learner.innerLearningRates().size()
                + " adapted parameters keep the rates learned by "
                + start.description()
                + ", the others start at "
                + learner.config().innerLearningRate()));
  }

  /** The first log lines: which PyTorch and device, and a warning when given GPUs go unused. */
  private void logEngine(NDManager manager, long step, long total) {
    job.appendProgress(ProgressEvent.log("INFO", step, total, EngineInfo.describe(manager)));
    String unusedGpus = EngineInfo.unusedGpus(manager, System.getenv());
    if (!unusedGpus.isEmpty()) {
      job.appendProgress(ProgressEvent.log("WARN", step, total, unusedGpus));
    }
  }
}
