package dev.metarag.trainer.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.util.JsonFormat;
import dev.metarag.inference.model.ModelPackage;
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
        registrar.register(job, workerPackage("one"), Map.of("law.json", "ff00"), metrics);

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
    EvaluationMetrics.Builder stored = EvaluationMetrics.newBuilder();
    JsonFormat.parser().merge(registered.details().get("metrics").toString(), stored);
    assertThat(stored.build()).isEqualTo(metrics);
  }

  @Test
  void theta0NumbersAreNeverReusedAfterADeletion() throws Exception {
    Path models = dir.resolve("models");
    Theta0Registrar registrar = new Theta0Registrar(models, "abc123");
    registrar.register(job, workerPackage("one"), Map.of(), null);
    String second = registrar.register(job, workerPackage("two"), Map.of(), null).getVersion();

    new VersionRegistry(models).delete("", second, v -> false);
    ModelVersion third =
        new Theta0Registrar(models, "abc123").register(job, workerPackage("three"), Map.of(), null);

    assertThat(third.getVersion()).isEqualTo("theta0-3");
    assertThat(third.hasMetrics()).isFalse();
    assertThat(new VersionRegistry(models).get("", "theta0-3").details().has("metrics")).isFalse();
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
