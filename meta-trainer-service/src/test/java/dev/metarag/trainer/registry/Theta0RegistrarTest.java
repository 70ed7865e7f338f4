package dev.metarag.trainer.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.util.JsonFormat;
import dev.metarag.inference.model.ModelPackage;
import dev.metarag.jobs.WorkerConfig;
import dev.metarag.proto.v1.EvaluationMetrics;
import dev.metarag.proto.v1.Job;
import dev.metarag.proto.v1.JobSpec;
import dev.metarag.proto.v1.Lineage;
import dev.metarag.proto.v1.MetaAlgorithm;
import dev.metarag.proto.v1.ModelKind;
import dev.metarag.proto.v1.ModelVersion;
import dev.metarag.proto.v1.SourceDomain;
import dev.metarag.registry.RegisteredVersion;
import dev.metarag.registry.VersionKind;
import dev.metarag.registry.VersionRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Theta0RegistrarTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final Job job =
      Job.newBuilder()
          .setId("mt-7")
          .setStep(12)
          .setSpec(
              JobSpec.newBuilder()
                  .setDisplayName("law and medicine")
                  .setAlgorithm(MetaAlgorithm.META_ALGORITHM_FOMAML)
                  .setBaseModelVersion("base")
                  .addDomains(SourceDomain.newBuilder().setName("law"))
                  .addDomains(SourceDomain.newBuilder().setName("medical")))
          .build();
  private final EvaluationMetrics metrics =
      EvaluationMetrics.newBuilder().setF1(0.5).setExactMatch(0.25).setExampleCount(40).build();

  @Test
  void aTheta0IsRegisteredWithItsLineageMetricsAndDescription() throws Exception {
    Path models = dir.resolve("models");
    Theta0Registrar registrar = new Theta0Registrar(models, "abc123");

    ModelVersion result =
        registrar.register(
            job, workerPackage("one"), worker(null, Map.of("law.json", "ff00")), metrics);

    assertThat(result.getVersion()).isEqualTo("theta0-1");
    assertThat(result.getKind()).isEqualTo(ModelKind.MODEL_KIND_THETA0);
    assertThat(result.getParentVersion()).isEqualTo("base");
    assertThat(result.getMetrics()).isEqualTo(metrics);
    assertThat(result.getChecksumsMap()).containsKeys("query-encoder.onnx", "manifest.json");
    RegisteredVersion registered = new VersionRegistry(models).get("", "theta0-1");
    assertThat(registered.kind()).isEqualTo(VersionKind.THETA0);
    assertThat(registered.parentVersion()).isEqualTo("base");
    assertThat(registered.createdAtMillis()).isEqualTo(result.getCreatedAtMillis());
    assertThat(registered.packageDir().toString()).isEqualTo(result.getPackagePath());
    assertThat(registered.details().path("description").asText()).isEqualTo("law and medicine");
    Lineage.Builder lineage = Lineage.newBuilder();
    JsonFormat.parser().merge(registered.details().get("lineage").toString(), lineage);
    assertThat(lineage.build()).isEqualTo(result.getLineage());
    assertThat(lineage.getJobId()).isEqualTo("mt-7");
    assertThat(lineage.getSourceDomainsList()).containsExactly("law", "medical");
    assertThat(lineage.getDataChecksumsMap()).containsExactly(Map.entry("law.json", "ff00"));
    assertThat(lineage.getAncestorsList()).containsExactly("base");
    assertThat(lineage.getPretrainedModel()).isEqualTo("tiny");
    EvaluationMetrics.Builder stored = EvaluationMetrics.newBuilder();
    JsonFormat.parser().merge(registered.details().get("metrics").toString(), stored);
    assertThat(stored.build()).isEqualTo(metrics);
  }

  @Test
  void theta0NumbersAreNeverReusedAfterADeletion() throws Exception {
    Path models = dir.resolve("models");
    Theta0Registrar registrar = new Theta0Registrar(models, "abc123");
    registrar.register(job, workerPackage("one"), worker(null, Map.of()), null);
    String second =
        registrar.register(job, workerPackage("two"), worker(null, Map.of()), null).getVersion();

    new VersionRegistry(models).delete("", second, v -> false);
    ModelVersion third =
        new Theta0Registrar(models, "abc123")
            .register(job, workerPackage("three"), worker(null, Map.of()), null);

    assertThat(third.getVersion()).isEqualTo("theta0-3");
    assertThat(third.hasMetrics()).isFalse();
    assertThat(new VersionRegistry(models).get("", "theta0-3").details().has("metrics")).isFalse();
  }

  @Test
  void aTheta0StartedFromAVersionDescendsFromThatVersionAndItsAncestors() throws Exception {
    Path models = dir.resolve("models");
    Job fromLaw =
        job.toBuilder().setSpec(job.getSpec().toBuilder().setBaseModelVersion("law-v2")).build();
    WorkerConfig.BaseVersion start =
        new WorkerConfig.BaseVersion("law-v2", List.of("base", "theta0-1"), "base-model");

    ModelVersion result =
        new Theta0Registrar(models, "abc123")
            .register(fromLaw, workerPackage("one"), worker(start, Map.of()), null);

    assertThat(result.getParentVersion()).isEqualTo("law-v2");
    assertThat(result.getLineage().getAncestorsList())
        .containsExactly("base", "theta0-1", "law-v2");
    assertThat(new VersionRegistry(models).get("", result.getVersion()).parentVersion())
        .isEqualTo("law-v2");
  }

  @Test
  void aJobWhoseWorkerStartedFromTheModelItselfDescendsFromBaseWhateverItsSpecSays()
      throws Exception {
    // A job started before base versions were honoured, recovered after the upgrade.
    Job fromLaw =
        job.toBuilder().setSpec(job.getSpec().toBuilder().setBaseModelVersion("law-v2")).build();

    ModelVersion result =
        new Theta0Registrar(dir.resolve("models"), "abc123")
            .register(fromLaw, workerPackage("one"), worker(null, Map.of()), null);

    assertThat(result.getParentVersion()).isEqualTo("base");
    assertThat(result.getLineage().getAncestorsList()).containsExactly("base");
  }

  /** The configuration the worker ran with; the registrar reads its model, checksums and start. */
  private static WorkerConfig worker(
      WorkerConfig.BaseVersion start, Map<String, String> checksums) {
    return new WorkerConfig(
        "mt-7",
        "FOMAML",
        WorkerConfig.MODEL_TINY,
        List.of(),
        List.of(),
        16,
        16,
        1e-4,
        1,
        1e-5,
        4,
        12,
        "UNIFORM",
        "ALL",
        "ALL",
        7,
        50,
        100,
        100,
        5,
        0,
        checksums,
        start,
        null);
  }

  /** A package as the worker leaves it in the job directory: files listed in its manifest. */
  private Path workerPackage(String name) throws Exception {
    Path pkg = dir.resolve("jobs").resolve(name).resolve("output/theta0");
    Files.createDirectories(pkg);
    Files.writeString(pkg.resolve("query-encoder.onnx"), "onnx " + name);
    ObjectNode manifest = JSON.createObjectNode().put("name", "theta0");
    manifest
        .putObject("files")
        .put("query-encoder.onnx", ModelPackage.sha256(pkg.resolve("query-encoder.onnx")));
    Files.write(pkg.resolve("manifest.json"), JSON.writeValueAsBytes(manifest));
    return pkg;
  }
}
