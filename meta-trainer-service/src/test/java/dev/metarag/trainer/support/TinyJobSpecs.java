package dev.metarag.trainer.support;

import dev.metarag.proto.v1.DatasetRef;
import dev.metarag.proto.v1.JobSpec;
import dev.metarag.proto.v1.MetaAlgorithm;
import dev.metarag.proto.v1.ParameterSubset;
import dev.metarag.proto.v1.ParameterSubsetKind;
import dev.metarag.proto.v1.SourceDomain;
import dev.metarag.testing.grpc.RetrieverWithFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Specs of small FOMAML jobs over the fixture domains, sized for the tiny model, and a look at
 * their worker processes.
 */
public final class TinyJobSpecs {
  private static final long SEED = 20_261_201L;

  private TinyJobSpecs() {}

  /** A fixture domain, read from its file, candidates from the collection of the same name. */
  public static SourceDomain domain(String name) {
    return SourceDomain.newBuilder()
        .setName(name)
        .setDataset(DatasetRef.newBuilder().setPath(RetrieverWithFixtures.fixture(name)))
        .build();
  }

  /**
   * FOMAML over gadgets and kitchen, three-question support and query sets, training the top layer
   * and the heads (small checkpoints, fast steps). The seed is fixed so that a test's run, its
   * tasks and its losses, is the same every time.
   */
  public static JobSpec.Builder fomaml(int steps, int checkpointEvery) {
    ParameterSubset topLayer =
        ParameterSubset.newBuilder()
            .setKind(ParameterSubsetKind.PARAMETER_SUBSET_KIND_TOP_LAYERS)
            .setTopLayers(1)
            .build();
    return JobSpec.newBuilder()
        .setAlgorithm(MetaAlgorithm.META_ALGORITHM_FOMAML)
        .addDomains(domain("gadgets"))
        .addDomains(domain("kitchen"))
        .setSupportSize(3)
        .setQuerySize(3)
        .setMetaBatchSize(2)
        .setInnerLearningRate(0.01)
        .setOuterLearningRate(0.003)
        .setRetrievalTopK(3)
        .setTrainableParameters(topLayer)
        .setInnerParameters(topLayer)
        .setMetaSteps(steps)
        .setSeed(SEED)
        .setCheckpointEvery(checkpointEvery);
  }

  /** The pid of the job's live worker process, from the pid file the LOCAL executor keeps. */
  public static Optional<Long> workerPid(Path jobDirectory) {
    try {
      Path file = jobDirectory.resolve("worker.pid");
      if (!Files.exists(file)) {
        return Optional.empty();
      }
      long pid = Long.parseLong(Files.readString(file).trim());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(h -> pid);
    } catch (java.io.IOException | NumberFormatException e) {
      return Optional.empty(); // not written yet, or being rewritten by a restart
    }
  }
}
