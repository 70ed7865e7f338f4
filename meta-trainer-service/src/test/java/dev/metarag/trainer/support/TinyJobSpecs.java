package dev.metarag.trainer.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metarag.proto.v1.DatasetRef;
import dev.metarag.proto.v1.InlineExamples;
import dev.metarag.proto.v1.JobSpec;
import dev.metarag.proto.v1.MetaAlgorithm;
import dev.metarag.proto.v1.ParameterSubset;
import dev.metarag.proto.v1.ParameterSubsetKind;
import dev.metarag.proto.v1.QaExample;
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
   * A fixture domain sent inline, as a remote client sends it: the fixture file's questions with
   * their answers and, as gold document, the paragraph the retriever fixture ingested them as.
   */
  public static SourceDomain inlineDomain(String name) {
    InlineExamples.Builder examples = InlineExamples.newBuilder();
    try {
      JsonNode squad =
          new ObjectMapper().readTree(Path.of(RetrieverWithFixtures.fixture(name)).toFile());
      for (JsonNode article : squad.get("data")) {
        int paragraphs = 0;
        for (JsonNode paragraph : article.get("paragraphs")) {
          // The document id RetrieverWithFixtures gives the paragraph.
          String document = article.get("title").asText() + "-" + paragraphs++;
          for (JsonNode qa : paragraph.get("qas")) {
            QaExample.Builder e =
                QaExample.newBuilder()
                    .setId(qa.get("id").asText())
                    .setQuestion(qa.get("question").asText())
                    .setGoldDocumentId(document);
            qa.get("answers").forEach(a -> e.addAnswers(a.get("text").asText()));
            examples.addExamples(e);
          }
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return SourceDomain.newBuilder().setName(name).setExamples(examples).build();
  }

  /**
   * A domain of {@code count} made-up inline examples whose questions are {@code questionChars}
   * letters 'q' after their number, to test the bounds on inline examples.
   */
  public static SourceDomain inlineDomain(String name, int count, int questionChars) {
    InlineExamples.Builder examples = InlineExamples.newBuilder();
    for (int i = 0; i < count; i++) {
      examples.addExamples(
          QaExample.newBuilder()
              .setQuestion(i + " " + "q".repeat(questionChars))
              .addAnswers("answer " + i));
    }
    return SourceDomain.newBuilder().setName(name).setExamples(examples).build();
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
