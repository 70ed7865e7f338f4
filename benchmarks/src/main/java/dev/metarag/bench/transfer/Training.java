package dev.metarag.bench.transfer;

import dev.metarag.bench.transfer.TransferResults.JobResult;
import dev.metarag.it.story.Story;
import dev.metarag.proto.v1.AdapterGrpc;
import dev.metarag.proto.v1.GetVersionRequest;
import dev.metarag.proto.v1.Job;
import dev.metarag.proto.v1.JobSpec;
import dev.metarag.proto.v1.JobState;
import dev.metarag.proto.v1.ListVersionsRequest;
import dev.metarag.proto.v1.MetaAlgorithm;
import dev.metarag.proto.v1.ModelKind;
import dev.metarag.proto.v1.ModelVersion;
import dev.metarag.proto.v1.SourceDomain;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The training jobs over the source domains, every one started from the general reader ({@code
 * JobSpec.base_model_version}) with the same budget: JOINT and each meta-learner see the same
 * number of training questions. Also resolves the general reader and checks that a theta0 recorded
 * by an earlier run is still registered.
 */
final class Training {
  private static final long JOB_SEED = 20_261_201L;

  private final Story story;
  private final AdapterGrpc.AdapterBlockingStub adapter;
  private final TransferPreset preset;
  private final UnaryOperator<JobSpec.Builder> executor;
  private final Duration jobTimeout;

  Training(
      Story story,
      AdapterGrpc.AdapterBlockingStub adapter,
      TransferPreset preset,
      UnaryOperator<JobSpec.Builder> executor,
      Duration jobTimeout) {
    this.story = story;
    this.adapter = adapter;
    this.preset = preset;
    this.executor = executor;
    this.jobTimeout = jobTimeout;
  }

  /**
   * The general reader to start from: {@code requested} when given (it must exist), else the newest
   * registered GENERAL version.
   */
  static String generalReader(AdapterGrpc.AdapterBlockingStub adapter, String requested) {
    if (!requested.isEmpty()) {
      if (!exists(adapter, requested)) {
        throw new IllegalArgumentException(
            "the general reader '" + requested + "' is not registered (see ./metarag versions)");
      }
      return requested;
    }
    List<ModelVersion> shared =
        adapter
            .listVersions(ListVersionsRequest.newBuilder().setPageSize(1000).build())
            .getVersionsList();
    return shared.stream()
        .filter(v -> v.getKind() == ModelKind.MODEL_KIND_GENERAL)
        .map(ModelVersion::getVersion)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no general reader is registered: every method starts from one; train it"
                        + " first with ./metarag pretrain (or name a version with --general). A"
                        + " suite bench-transfer starts itself has its own registry under"
                        + " --work-dir: give --retriever, --meta-trainer and --adapter of the"
                        + " suite that holds the general reader"));
  }

  /** Whether a shared version (theta0, general or base) is registered. */
  static boolean exists(AdapterGrpc.AdapterBlockingStub adapter, String version) {
    try {
      adapter.getVersion(GetVersionRequest.newBuilder().setVersion(version).build());
      return true;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  /** Whether an earlier run's job can be reused: its theta0 is still registered. */
  boolean reusable(JobResult j) {
    return j != null && exists(adapter, j.theta0());
  }

  JobResult train(MetaAlgorithm algorithm, List<DomainData> sources, String general) {
    JobSpec.Builder spec =
        JobSpec.newBuilder()
            .setDisplayName("bench-transfer " + preset.name() + " " + algorithm.name())
            .setAlgorithm(algorithm)
            .setBaseModelVersion(general)
            .setSupportSize(preset.taskSupport())
            .setQuerySize(preset.taskQuery())
            .setMetaBatchSize(preset.metaBatch())
            .setMetaSteps(preset.metaSteps())
            .setInnerSteps(preset.innerSteps())
            .setInnerLearningRate(preset.innerLearningRate())
            .setOuterLearningRate(preset.outerLearningRate())
            .setRetrievalTopK(preset.retrievalTopK())
            .setEvaluationExamples(preset.evaluationPerJob())
            .setEvaluateEvery(preset.metaSteps())
            .setCheckpointEvery(preset.metaSteps())
            .setSeed(JOB_SEED)
            .setTrainableParameters(preset.trainableSubset());
    if (algorithm != MetaAlgorithm.META_ALGORITHM_ANIL
        && algorithm != MetaAlgorithm.META_ALGORITHM_JOINT) {
      // The inner loop adapts what every adaptation adapts: the meta-learners train for it.
      spec.setInnerParameters(preset.adaptSubset());
    }
    for (DomainData d : sources) {
      spec.addDomains(
          SourceDomain.newBuilder()
              .setName(d.key())
              .setDataset(d.ref())
              .setCollection(d.collection()));
    }
    long start = System.nanoTime();
    Job job = story.metaTrain(executor.apply(spec).build(), jobTimeout).job();
    if (job.getState() != JobState.JOB_STATE_SUCCEEDED) {
      throw new IllegalStateException(
          algorithm.name()
              + " job "
              + job.getId()
              + " ended "
              + job.getState()
              + ": "
              + job.getMessage());
    }
    return new JobResult(
        name(algorithm),
        job.getId(),
        job.getResult().getVersion(),
        job.getStep(),
        (System.nanoTime() - start) / 1e9);
  }

  /** {@code META_ALGORITHM_FOMAML} -> {@code FOMAML}. */
  static String name(MetaAlgorithm a) {
    return a.name().replace("META_ALGORITHM_", "");
  }
}
