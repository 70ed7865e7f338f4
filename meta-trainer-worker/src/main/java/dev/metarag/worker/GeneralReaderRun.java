package dev.metarag.worker;

import ai.djl.ndarray.NDManager;
import dev.metarag.jobs.JobDirectory;
import dev.metarag.jobs.ProgressEvent;
import dev.metarag.jobs.WorkerConfig;
import dev.metarag.training.eval.EvaluationExample;
import dev.metarag.training.eval.EvaluationResult;
import dev.metarag.training.eval.PassageRanking;
import dev.metarag.training.eval.RagEvaluation;
import dev.metarag.training.model.RagModelSetup;
import dev.metarag.training.rag.RagExample;
import dev.metarag.training.rag.RagParameters;
import dev.metarag.training.supervised.SupervisedTraining;
import dev.metarag.training.supervised.TrainerCheckpoint;
import dev.metarag.training.supervised.TrainingConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One run of a general-reader job's worker: supervised training of the RAG model on the training
 * domains' questions (each with its gold passage and hard negatives), from the newest checkpoint or
 * from the job's starting parameters, to the last step or a requested stop. Evaluations read the
 * evaluation domains' questions with the current model, as it is (no adaptation): a learning curve
 * in the progress log.
 */
final class GeneralReaderRun {
  /** Steps between two log lines of figures, beside the STEP events. */
  private static final int LOG_EVERY = 25;

  private final JobDirectory job;
  private final StopSignal stop;

  GeneralReaderRun(JobDirectory job, StopSignal stop) {
    this.job = job;
    this.stop = stop;
  }

  WorkerRun.Outcome run() throws IOException {
    WorkerConfig config = job.readConfig();
    WorkerConfig.GeneralReader settings = config.generalReader();
    RagModelSetup setup = RagModelSetup.of(config.model());
    List<RagExample> questions = new ArrayList<>();
    for (WorkerConfig.Domain d : config.domains()) {
      job.readTasks(d.tasksFile()).forEach(t -> questions.add(DomainTasks.toRag(t)));
    }
    Map<String, List<EvaluationExample>> evaluationSets = new LinkedHashMap<>();
    for (WorkerConfig.Domain d : config.evaluationDomains()) {
      // Each question with its candidate pool, which the current query encoder ranks.
      List<EvaluationExample> scored =
          EvaluationSet.scoring(job.readTasks(d.tasksFile()), EvaluationSet.pool(job, d)).stream()
              .limit(config.evaluationExamples())
              .toList();
      evaluationSets.put(d.name(), scored);
    }
    TrainingConfig trainingConfig =
        new TrainingConfig(
            settings.epochs(),
            settings.batchSize(),
            (float) settings.learningRate(),
            MetaConfigs.subset(config.trainableParameters()),
            config.seed(),
            config.checkpointEvery(),
            (float) settings.warmupFraction());
    long total = config.metaSteps();
    RagEvaluation evaluation =
        new RagEvaluation(setup.model(), Math.max(1, config.retrievalTopK()), 0);
    CheckpointRotation checkpoints = new CheckpointRotation(job);
    Figures figures = new Figures();

    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      Optional<Long> latest = job.latestCheckpointStep();
      boolean resuming =
          latest.isPresent() && TrainerCheckpoint.isOne(job.checkpoint(latest.get()));
      TrainerCheckpoint.Contents saved =
          resuming ? TrainerCheckpoint.read(job.checkpoint(latest.get()), manager) : null;
      StartingPoint start =
          resuming ? null : StartingPoint.load(config, setup, job.root(), manager);
      RagParameters params = resuming ? saved.parameters() : new RagParameters(start.parameters());
      SupervisedTraining.Start from =
          resuming
              ? new SupervisedTraining.Start(saved.step(), saved.optimiser())
              : SupervisedTraining.Start.FRESH;
      SupervisedTraining training =
          new SupervisedTraining(
              setup.model(),
              trainingConfig,
              (step, last, p, optimiser) -> {
                String path =
                    checkpoints.save(step, dir -> TrainerCheckpoint.write(dir, step, p, optimiser));
                job.appendProgress(ProgressEvent.checkpoint(step, total, path));
              },
              p -> {
                job.appendProgress(ProgressEvent.step(p.step(), total, p.loss(), 0));
                figures.add(p);
                if (p.step() % LOG_EVERY == 0 || p.step() == total) {
                  job.appendProgress(ProgressEvent.log("INFO", p.step(), total, figures.line(p)));
                }
                // The trainer updates the parameters in place: this reads the current model.
                if (config.evaluateEvery() > 0
                    && p.step() % config.evaluateEvery() == 0
                    && p.step() < total) {
                  evaluate(evaluation, evaluationSets, params, p.step(), total, manager);
                }
              });
      if (training.totalSteps(questions.size()) != total) {
        throw new IllegalStateException(
            "the job's step count "
                + total
                + " does not match "
                + questions.size()
                + " questions in batches of "
                + settings.batchSize()
                + " over "
                + settings.epochs()
                + " epochs");
      }
      job.appendProgress(
          ProgressEvent.of(
              ProgressEvent.Type.STARTED,
              from.completedSteps(),
              total,
              resuming
                  ? "resumed from checkpoint at step " + from.completedSteps()
                  : String.format(
                      Locale.ROOT,
                      "training a general reader from %s on %d questions (%s): %d epochs of"
                          + " batches of %d, %d steps, peak rate %s",
                      start.description(),
                      questions.size(),
                      String.join(
                          ", ", config.domains().stream().map(WorkerConfig.Domain::name).toList()),
                      settings.epochs(),
                      settings.batchSize(),
                      total,
                      settings.learningRate())));
      job.appendProgress(
          ProgressEvent.log("INFO", from.completedSteps(), total, EngineInfo.describe(manager)));
      if (!resuming) {
        // Where the curve starts: the model before its first step.
        evaluate(evaluation, evaluationSets, params, 0, total, manager);
      }
      SupervisedTraining.Outcome outcome =
          training.run(params, questions, manager, from, stop::requested);
      if (outcome == SupervisedTraining.Outcome.STOPPED) {
        job.appendProgress(
            ProgressEvent.log("WARN", figures.lastStep, total, "stopped on request (SIGTERM)"));
        return WorkerRun.Outcome.STOPPED;
      }
      Map<String, ProgressEvent.Metrics> last =
          evaluate(evaluation, evaluationSets, params, total, total, manager);
      new Theta0Writer(setup)
          .write(job.root().resolve(WorkerConfig.OUTPUT_PACKAGE), params, Map.of(), config, last);
      job.appendProgress(
          ProgressEvent.of(
              ProgressEvent.Type.SUCCEEDED,
              total,
              total,
              "general reader written to " + WorkerConfig.OUTPUT_PACKAGE));
      return WorkerRun.Outcome.SUCCEEDED;
    }
  }

  /** Reads each evaluation domain's questions with the model as it is; "*" is the mean. */
  private Map<String, ProgressEvent.Metrics> evaluate(
      RagEvaluation evaluation,
      Map<String, List<EvaluationExample>> sets,
      RagParameters params,
      long step,
      long total,
      NDManager manager) {
    if (sets.isEmpty()) {
      return null;
    }
    Map<String, EvaluationResult> results = new LinkedHashMap<>();
    sets.forEach(
        (domain, scored) -> {
          try (NDManager scope = manager.newSubManager()) {
            results.put(
                domain, evaluation.score(params, scored, PassageRanking.byQueryEncoder(), scope));
          }
        });
    results.put("*", EvaluationResult.mean(List.copyOf(results.values())));
    Map<String, ProgressEvent.Metrics> figures = new LinkedHashMap<>();
    results.forEach(
        (domain, r) ->
            figures.put(
                domain,
                new ProgressEvent.Metrics(
                    r.exactMatch(), r.f1(), r.recallAt1(), r.recallAt5(), r.loss(), r.examples())));
    job.appendProgress(ProgressEvent.evaluation(step, total, figures));
    return figures;
  }

  /** Running figures for the log: the loss over the last steps and the pace. */
  private static final class Figures {
    private final java.util.ArrayDeque<Float> losses = new java.util.ArrayDeque<>();
    private long lastStep;

    void add(SupervisedTraining.Progress p) {
      lastStep = p.step();
      if (Float.isFinite(p.loss())) {
        losses.addLast(p.loss());
      }
      while (losses.size() > LOG_EVERY) {
        losses.removeFirst();
      }
    }

    String line(SupervisedTraining.Progress p) {
      double mean = losses.stream().mapToDouble(Float::doubleValue).average().orElse(Double.NaN);
      return String.format(
          Locale.ROOT,
          "step %d/%d epoch %d: loss %.3f (mean of the last %d), %.2f questions/s, rate %.2e,"
              + " %d of the step's questions without their answer in a candidate, eta %d min",
          p.step(),
          p.totalSteps(),
          p.epoch(),
          mean,
          losses.size(),
          p.questionsPerSecond(),
          p.learningRate(),
          p.skipped(),
          p.etaMillis() / 60_000);
    }
  }
}
