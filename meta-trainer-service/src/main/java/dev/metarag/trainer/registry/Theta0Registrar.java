package dev.metarag.trainer.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import dev.metarag.inference.model.ModelPackage;
import dev.metarag.jobs.AtomicFiles;
import dev.metarag.proto.v1.EvaluationMetrics;
import dev.metarag.proto.v1.Job;
import dev.metarag.proto.v1.JobSpec;
import dev.metarag.proto.v1.Lineage;
import dev.metarag.proto.v1.ModelKind;
import dev.metarag.proto.v1.ModelVersion;
import dev.metarag.proto.v1.SourceDomain;
import dev.metarag.registry.Registration;
import dev.metarag.registry.VersionKind;
import dev.metarag.registry.VersionRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Registers the theta0 package a job's worker left in its job directory.
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
   * Gives the package at {@code packageDir} the next theta0 version, records its registration and
   * lineage in the manifest and moves it into the registry.
   */
  public synchronized ModelVersion register(
      Job job, Path packageDir, Map<String, String> dataChecksums, EvaluationMetrics finalMetrics)
      throws IOException {
    String version = registry.reserveTheta0Version();
    String parent = job.getSpec().getBaseModelVersion();
    long createdAt = System.currentTimeMillis();
    Lineage lineage = lineage(job, dataChecksums);
    JsonNode lineageJson = protoJson(lineage);
    ObjectNode details = JSON.createObjectNode();
    details.set("lineage", lineageJson);
    if (finalMetrics != null) {
      details.set("metrics", protoJson(finalMetrics));
    }
    details.put("description", job.getSpec().getDisplayName());
    ObjectNode manifest = (ObjectNode) JSON.readTree(packageDir.resolve("manifest.json").toFile());
    manifest.put("version", version);
    manifest.put("kind", "THETA0");
    manifest.set("lineage", lineageJson); // read by tools that predate the registration
    manifest.set(
        Registration.FIELD,
        VersionRegistry.registration(version, "", VersionKind.THETA0, parent, createdAt, details));
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
            .setKind(ModelKind.MODEL_KIND_THETA0)
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

  private Lineage lineage(Job job, Map<String, String> dataChecksums) {
    JobSpec s = job.getSpec();
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
    return Lineage.newBuilder()
        .setAlgorithm(s.getAlgorithm())
        .putAllHyperparameters(hp)
        .addAllSourceDomains(s.getDomainsList().stream().map(SourceDomain::getName).toList())
        .putAllDataChecksums(dataChecksums)
        .setSteps(job.getStep())
        .setCodeVersion(codeVersion)
        .setJobId(job.getId())
        .addAncestors(s.getBaseModelVersion())
        .setPretrainedModel("all-minilm-l6-v2")
        .build();
  }

  private static String topLayers(int n) {
    return n > 0 ? ":" + n : "";
  }
}
