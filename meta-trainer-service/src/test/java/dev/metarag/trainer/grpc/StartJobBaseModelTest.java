package dev.metarag.trainer.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metarag.inference.model.ModelPackageWriter;
import dev.metarag.proto.v1.CancelJobRequest;
import dev.metarag.proto.v1.Job;
import dev.metarag.proto.v1.JobSpec;
import dev.metarag.proto.v1.StartJobRequest;
import dev.metarag.registry.Registration;
import dev.metarag.registry.VersionKind;
import dev.metarag.registry.VersionRegistry;
import dev.metarag.testing.grpc.RetrieverWithFixtures;
import dev.metarag.trainer.support.TinyJobSpecs;
import dev.metarag.trainer.support.TrainerClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which model a meta-training job starts from when its spec names none: "base" until a general
 * version is registered, then the newest general version, read from the registry at StartJob; a
 * named base is kept, and a retried request is the same job even when a general version was
 * registered in between.
 */
@QuarkusTest
@QuarkusTestResource(
    value = RetrieverWithFixtures.class,
    restrictToAnnotatedClass = true,
    initArgs = @ResourceArg(name = "property", value = "metarag.trainer.retriever"))
class StartJobBaseModelTest {
  private TrainerClient client;
  private VersionRegistry registry;
  private String general;

  @BeforeEach
  void connect() {
    client = new TrainerClient();
    registry =
        new VersionRegistry(
            Path.of(
                ConfigProvider.getConfig().getValue("metarag.trainer.registry-dir", String.class)));
  }

  /** Other test classes start jobs without a base and expect "base". */
  @AfterEach
  void deleteTheGeneralVersion() {
    if (general != null && registry.find(general).isPresent()) {
      registry.delete("", general, v -> false);
    }
    client.close();
  }

  @Test
  void aSpecWithoutABaseStartsFromTheNewestGeneralVersionOnceThereIsOne() throws Exception {
    JobSpec namesNoBase = TinyJobSpecs.fomaml(2, 1).build();
    assertThat(checked(namesNoBase).getBaseModelVersion()).isEqualTo("base");

    general = registerGeneral();

    assertThat(checked(namesNoBase).getBaseModelVersion()).isEqualTo(general);
    assertThat(checked(namesNoBase.toBuilder().setBaseModelVersion("base").build()))
        .extracting(JobSpec::getBaseModelVersion)
        .isEqualTo("base");
  }

  @Test
  void aRetriedStartIsTheSameJobEvenWhenAGeneralVersionAppearedInBetween() throws Exception {
    StartJobRequest request =
        StartJobRequest.newBuilder()
            .setSpec(TinyJobSpecs.fomaml(2, 1))
            .setRequestId("base-model-retry")
            .build();
    Job first = client.blocking.startJob(request).getJob();
    client.blocking.cancelJob(CancelJobRequest.newBuilder().setJobId(first.getId()).build());
    assertThat(first.getSpec().getBaseModelVersion()).isEqualTo("base");

    general = registerGeneral();
    Job retried = client.blocking.startJob(request).getJob();

    assertThat(retried.getId()).isEqualTo(first.getId());
    assertThat(retried.getSpec().getBaseModelVersion()).isEqualTo("base");
  }

  /** The completed spec StartJob returns without starting anything. */
  private JobSpec checked(JobSpec spec) {
    return client
        .blocking
        .startJob(StartJobRequest.newBuilder().setSpec(spec).setValidateOnly(true).build())
        .getJob()
        .getSpec();
  }

  /**
   * A general version of the trainer's model, as far as starting from it goes: its manifest with
   * the registration and a parameters file.
   */
  private String registerGeneral() throws Exception {
    String version = registry.reserveGeneralVersion();
    ObjectNode manifest =
        new ObjectMapper().createObjectNode().put("name", version).put("model", "tiny");
    manifest.set(
        Registration.FIELD,
        VersionRegistry.registration(
            version, "", VersionKind.GENERAL, "base", System.currentTimeMillis(), null));
    ModelPackageWriter.write(
        registry.path(version), Map.of("parameters.ndlist", new byte[] {1, 2, 3}), manifest);
    return version;
  }
}
