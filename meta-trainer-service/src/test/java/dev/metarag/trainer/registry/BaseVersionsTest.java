package dev.metarag.trainer.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metarag.inference.model.ModelPackageWriter;
import dev.metarag.jobs.JobDirectory;
import dev.metarag.jobs.WorkerConfig;
import dev.metarag.registry.RegisteredVersion;
import dev.metarag.registry.Registration;
import dev.metarag.registry.VersionKind;
import dev.metarag.registry.VersionRegistry;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The version a job starts from, found in a real registry directory and copied into a job's. */
class BaseVersionsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Path registry() {
    return dir.resolve("models");
  }

  private BaseVersions tinyTrainer() {
    return new BaseVersions(registry(), WorkerConfig.MODEL_TINY);
  }

  @Test
  void baseIsTheTrainersOwnModel() {
    assertThat(tinyTrainer().resolve("base")).isEmpty();
  }

  @Test
  void aVersionIsCopiedIntoTheJobDirectoryWithItsAncestors() throws Exception {
    register("law-v2", List.of("base", "theta0-1"));
    JobDirectory job = new JobDirectory(dir.resolve("jobs").resolve("mt-1"));

    RegisteredVersion found = tinyTrainer().resolve("law-v2").orElseThrow();
    WorkerConfig.BaseVersion copy = tinyTrainer().copyInto(job, found);

    assertThat(copy)
        .isEqualTo(
            new WorkerConfig.BaseVersion(
                "law-v2", List.of("base", "theta0-1"), JobDirectory.BASE_MODEL_DIR));
    assertThat(job.root().resolve(copy.packageDir()).resolve("parameters.ndlist"))
        .hasBinaryContent(new byte[] {1, 2, 3});
  }

  @Test
  void aVersionDeletedBeforeItsCopyIsNotFound() throws Exception {
    register("law-v2", List.of("base"));
    RegisteredVersion found = tinyTrainer().resolve("law-v2").orElseThrow();
    new VersionRegistry(registry()).delete("law", "law-v2", v -> false);

    assertThatThrownBy(() -> tinyTrainer().copyInto(new JobDirectory(dir.resolve("job")), found))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND))
        .hasMessageContaining(
            "spec.base_model_version: model version 'law-v2' was deleted before the job could"
                + " copy it");
  }

  @Test
  void aDamagedVersionIsDataLossWithoutServerPathsInTheMessage() throws Exception {
    Path pkg = registry().resolve("law-v3");
    Files.createDirectories(pkg);
    Files.writeString(pkg.resolve("manifest.json"), "{ not json");

    assertThatThrownBy(() -> tinyTrainer().resolve("law-v3"))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DATA_LOSS);
              assertThat(e.getStatus().getDescription())
                  .startsWith("spec.base_model_version: model version 'law-v3' cannot be read")
                  .doesNotContain(dir.toString());
            });
  }

  /** An adapted version of the tiny model with the given lineage ancestors. */
  private void register(String version, List<String> ancestors) throws Exception {
    ObjectNode details = JSON.createObjectNode();
    details.putObject("lineage").set("ancestors", JSON.valueToTree(ancestors));
    ObjectNode manifest = JSON.createObjectNode().put("name", version).put("model", "tiny");
    manifest.set(
        Registration.FIELD,
        VersionRegistry.registration(
            version, "law", VersionKind.ADAPTED, ancestors.getLast(), 1, details));
    ModelPackageWriter.write(
        registry().resolve(version), Map.of("parameters.ndlist", new byte[] {1, 2, 3}), manifest);
  }
}
