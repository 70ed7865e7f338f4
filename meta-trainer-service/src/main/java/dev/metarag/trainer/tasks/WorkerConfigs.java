package dev.metarag.trainer.tasks;

import dev.metarag.jobs.WorkerConfig;
import dev.metarag.proto.v1.GeneralReaderSpec;
import dev.metarag.proto.v1.JobKind;
import dev.metarag.proto.v1.JobSpec;
import dev.metarag.proto.v1.ParameterSubset;
import dev.metarag.trainer.spec.ParameterSubsets;
import java.util.List;
import java.util.Map;

/** The worker's view of a validated spec. */
final class WorkerConfigs {
  private WorkerConfigs() {}

  static WorkerConfig from(
      String jobId,
      JobSpec spec,
      String model,
      List<WorkerConfig.Domain> sources,
      List<WorkerConfig.Domain> evaluation,
      Map<String, String> checksums,
      WorkerConfig.BaseVersion baseVersion,
      long totalSteps) {
    boolean general = spec.getKind() == JobKind.JOB_KIND_GENERAL_READER;
    GeneralReaderSpec g = spec.getGeneralReader();
    return new WorkerConfig(
        jobId,
        spec.getAlgorithm().name().substring("META_ALGORITHM_".length()),
        model,
        sources,
        evaluation,
        spec.getSupportSize(),
        spec.getQuerySize(),
        spec.getInnerLearningRate(),
        spec.getInnerSteps(),
        spec.getOuterLearningRate(),
        spec.getMetaBatchSize(),
        (int) totalSteps,
        spec.getTaskSampling().name().substring("TASK_SAMPLING_".length()),
        subset(spec.getTrainableParameters()),
        subset(spec.getInnerParameters()),
        spec.getSeed(),
        spec.getCheckpointEvery(),
        spec.getEvaluateEvery(),
        spec.getEvaluationExamples(),
        spec.getRetrievalTopK(),
        spec.getLocal().getThreads(),
        checksums,
        baseVersion,
        general
            ? new WorkerConfig.GeneralReader(
                g.getEpochs(),
                g.getBatchSize(),
                g.getLearningRate(),
                g.getWarmupFraction(),
                g.getHardNegatives())
            : null);
  }

  private static String subset(ParameterSubset s) {
    return ParameterSubsets.notation(s);
  }
}
