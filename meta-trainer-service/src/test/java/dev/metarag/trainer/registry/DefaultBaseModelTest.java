package dev.metarag.trainer.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metarag.proto.v1.JobKind;
import dev.metarag.proto.v1.JobSpec;
import dev.metarag.registry.VersionKind;
import dev.metarag.registry.VersionRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultBaseModelTest {
  @TempDir Path models;

  private final JobSpec namesNoBase =
      JobSpec.newBuilder().setDisplayName("law and medicine").build();

  @Test
  void withoutAGeneralVersionTheBaseStaysUnnamedForValidationToMakeItBase() {
    assertThat(new DefaultBaseModel(models).fillIn(namesNoBase)).isEqualTo(namesNoBase);
  }

  @Test
  void aMetaTrainingJobThatNamesNoBaseStartsFromTheNewestGeneralVersion() throws Exception {
    VersionRegistry registry = new VersionRegistry(models);
    registerGeneral(registry);
    String newest = registerGeneral(registry);
    DefaultBaseModel defaults = new DefaultBaseModel(models);

    assertThat(defaults.fillIn(namesNoBase).getBaseModelVersion()).isEqualTo(newest);
    assertThat(
            defaults
                .fillIn(namesNoBase.toBuilder().setKind(JobKind.JOB_KIND_META_TRAINING).build())
                .getBaseModelVersion())
        .isEqualTo(newest);
  }

  @Test
  void aNamedBaseAndGeneralReaderJobsAreLeftAlone() throws Exception {
    registerGeneral(new VersionRegistry(models));
    DefaultBaseModel defaults = new DefaultBaseModel(models);

    for (String named : new String[] {"base", "theta0-3", "law-v2"}) {
      assertThat(
              defaults
                  .fillIn(namesNoBase.toBuilder().setBaseModelVersion(named).build())
                  .getBaseModelVersion())
          .isEqualTo(named);
    }
    JobSpec generalReader =
        namesNoBase.toBuilder().setKind(JobKind.JOB_KIND_GENERAL_READER).build();
    assertThat(defaults.fillIn(generalReader)).isEqualTo(generalReader);
  }

  /** A general version's package as far as choosing it goes: its manifest and registration. */
  static String registerGeneral(VersionRegistry registry) throws Exception {
    String version = registry.reserveGeneralVersion();
    ObjectNode manifest = new ObjectMapper().createObjectNode();
    manifest.set(
        "registration",
        VersionRegistry.registration(
            version, "", VersionKind.GENERAL, "base", System.currentTimeMillis(), null));
    Path dir = Files.createDirectories(registry.path(version));
    Files.writeString(dir.resolve("manifest.json"), manifest.toString());
    return version;
  }
}
