package dev.metarag.trainer.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import dev.metarag.inference.model.ModelPackage;
import dev.metarag.jobs.AtomicFiles;
import dev.metarag.jobs.WorkerConfig;
import dev.metarag.proto.v1.EvaluationMetrics;
import dev.metarag.proto.v1.GeneralReaderSpec;
import dev.metarag.proto.v1.Job;
import dev.metarag.proto.v1.JobKind;
import dev.metarag.proto.v1.JobSpec;
import dev.metarag.proto.v1.Lineage;
import dev.metarag.proto.v1.ModelKind;
import dev.metarag.proto.v1.ModelVersion;
import dev.metarag.proto.v1.SourceDomain;
import dev.metarag.registry.Registration;
import dev.metarag.registry.VersionIds;
import dev.metarag.registry.VersionKind;
import dev.metarag.registry.VersionRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Registers the package a job's worker left in its job directory: a meta-training job's theta0
 * ({@code theta0-<n>}) or a general-reader job's general reader ({@code general-<n>}).
 *
 * <p>The manifest's {@value Registration#FIELD} object carries, under {@code details}: {@code
 * lineage} and {@code metrics} (the final evaluation, when there was one) as protobuf JSON, and
 * {@code description} (the job's display name), from which other services rebuild the {@link
 * ModelVersion}.
 */
public final class Theta0Registrar {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final VersionRegistry registry;
  private final String codeVersion;

  /**
   * Opens the registry for writing, which removes what writers that died left in it (a shared
   * volume's adapter included).
   */
  public Theta0Registrar(Path registry, String codeVersion) {
    this.registry = VersionRegistry.openForWriting(registry);
    this.codeVersion = codeVersion;
  }

  /**
   * Gives the package at {@code packageDir} the next theta0 (or general) version, records its
   * registration and lineage in the manifest and moves it into the registry.
   *
   * @param worker the configuration the worker ran with: its model, data checksums and the version
   *     it started from are the lineage's
   */
  public synchronized ModelVersion register(
      Job job, Path packageDir, WorkerConfig worker, EvaluationMetrics finalMetrics)
      throws IOException {
    boolean general = job.getSpec().getKind() == JobKind.JOB_KIND_GENERAL_READER;
    VersionKind kind = general ? VersionKind.GENERAL : VersionKind.THETA0;
    String version = general ? registry.reserveGeneralVersion() : registry.reserveTheta0Version();
    // What the worker started from, which a job recovered from before base versions were honoured
    // may not be what its spec names.
    List<String> ancestors = ancestors(worker.baseVersion());
    String parent = ancestors.getLast();
    long createdAt = System.currentTimeMillis();
    Lineage lineage = lineage(job, worker, ancestors);
    JsonNode lineageJson = protoJson(lineage);
    ObjectNode details = JSON.createObjectNode();
    details.set("lineage", lineageJson);
    if (finalMetrics != null) {
      details.set("metrics", protoJson(finalMetrics));
    }
    details.put("description", job.getSpec().getDisplayName());
    ObjectNode manifest = (ObjectNode) JSON.readTree(packageDir.resolve("manifest.json").toFile());
    manifest.put("version", version);
    manifest.put("kind", kind.name());
    manifest.set("lineage", lineageJson); // read by tools that predate the registration
    manifest.set(
        Registration.FIELD,
        VersionRegistry.registration(version, "", kind, parent, createdAt, details));
    AtomicFiles.write(
        packageDir.resolve("manifest.json"),
        JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
    Path target = registry.path(version);
    AtomicFiles.move(packageDir, target);
    Map<String, String> checksums = new TreeMap<>();
    long size = 0;
    try (Stream<Path> files = Files.list(target)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        checksums.put(f.getFileName().toString(), ModelPackage.sha256(f));
        size += Files.size(f);
      }
    }
    ModelVersion.Builder out =
        ModelVersion.newBuilder()
            .setVersion(version)
            .setParentVersion(parent)
            .setKind(general ? ModelKind.MODEL_KIND_GENERAL : ModelKind.MODEL_KIND_THETA0)
            .setCreatedAtMillis(createdAt)
            .setLineage(lineage)
            .setPackagePath(target.toAbsolutePath().toString())
            .putAllChecksums(checksums)
            .setSizeBytes(size)
            .setDescription(job.getSpec().getDisplayName());
    if (finalMetrics != null) {
      out.setMetrics(finalMetrics);
    }
    return out.build();
  }

  private static JsonNode protoJson(MessageOrBuilder message) throws IOException {
    return JSON.readTree(JsonFormat.printer().print(message));
  }

  /** The new theta0's ancestors, oldest first: the start version's own, then the start version. */
  private static List<String> ancestors(WorkerConfig.BaseVersion start) {
    if (start == null) {
      return List.of(VersionIds.BASE);
    }
    List<String> out = new ArrayList<>(start.ancestors() == null ? List.of() : start.ancestors());
    out.add(start.version());
    return out;
  }

  private Lineage lineage(Job job, WorkerConfig worker, List<String> ancestors) {
    JobSpec s = job.getSpec();
    Map<String, String> hp =
        s.getKind() == JobKind.JOB_KIND_GENERAL_READER
            ? generalReaderSettings(s)
            : metaTrainingSettings(s);
    return Lineage.newBuilder()
        .setAlgorithm(s.getAlgorithm())
        .putAllHyperparameters(hp)
        .addAllSourceDomains(s.getDomainsList().stream().map(SourceDomain::getName).toList())
        .putAllDataChecksums(worker.dataChecksums() == null ? Map.of() : worker.dataChecksums())
        .setSteps(job.getStep())
        .setCodeVersion(codeVersion)
        .setJobId(job.getId())
        .addAllAncestors(ancestors)
        .setPretrainedModel(worker.model())
        .build();
  }

  private static Map<String, String> generalReaderSettings(JobSpec s) {
    GeneralReaderSpec g = s.getGeneralReader();
    Map<String, String> hp = new TreeMap<>();
    hp.put("kind", s.getKind().name());
    hp.put("epochs", String.valueOf(g.getEpochs()));
    hp.put("batch_size", String.valueOf(g.getBatchSize()));
    hp.put("learning_rate", String.valueOf(g.getLearningRate()));
    hp.put("warmup_fraction", String.valueOf(g.getWarmupFraction()));
    hp.put("hard_negatives", String.valueOf(g.getHardNegatives()));
    hp.put(
        "trainable_parameters",
        s.getTrainableParameters().getKind().name()
            + topLayers(s.getTrainableParameters().getTopLayers()));
    hp.put("retrieval_top_k", String.valueOf(s.getRetrievalTopK()));
    hp.put("seed", String.valueOf(s.getSeed()));
    return hp;
  }

  private static Map<String, String> metaTrainingSettings(JobSpec s) {
    Map<String, String> hp = new TreeMap<>();
    hp.put("support_size", String.valueOf(s.getSupportSize()));
    hp.put("query_size", String.valueOf(s.getQuerySize()));
    hp.put("inner_learning_rate", String.valueOf(s.getInnerLearningRate()));
    hp.put("inner_steps", String.valueOf(s.getInnerSteps()));
    hp.put("outer_learning_rate", String.valueOf(s.getOuterLearningRate()));
    hp.put("meta_batch_size", String.valueOf(s.getMetaBatchSize()));
    hp.put("meta_steps", String.valueOf(s.getMetaSteps()));
    hp.put("task_sampling", s.getTaskSampling().name());
    hp.put(
        "trainable_parameters",
        s.getTrainableParameters().getKind().name()
            + topLayers(s.getTrainableParameters().getTopLayers()));
    hp.put(
        "inner_parameters",
        s.getInnerParameters().getKind().name() + topLayers(s.getInnerParameters().getTopLayers()));
    hp.put("retrieval_top_k", String.valueOf(s.getRetrievalTopK()));
    hp.put("seed", String.valueOf(s.getSeed()));
    return hp;
  }

  private static String topLayers(int n) {
    return n > 0 ? ":" + n : "";
  }
}
