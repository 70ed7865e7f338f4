package dev.metarag.adapter.adaptation;

import static dev.metarag.testing.grpc.StatusAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metarag.adapter.support.AdapterClient;
import dev.metarag.adapter.support.FixtureExamples;
import dev.metarag.proto.v1.AdaptRequest;
import dev.metarag.proto.v1.AdaptResponse;
import dev.metarag.proto.v1.DeleteVersionRequest;
import dev.metarag.proto.v1.GetVersionRequest;
import dev.metarag.proto.v1.ListVersionsRequest;
import dev.metarag.proto.v1.ModelKind;
import dev.metarag.proto.v1.ModelVersion;
import dev.metarag.proto.v1.PromoteVersionRequest;
import dev.metarag.registry.VersionKind;
import dev.metarag.registry.VersionRegistry;
import dev.metarag.testing.grpc.RetrieverWithFixtures;
import dev.metarag.training.export.RagPackages;
import dev.metarag.training.model.RagModelSetup;
import io.grpc.Status;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A general reader in the adapter: ListVersions and GetVersion show it as a GENERAL version of no
 * domain, and with no theta0 registered it is what Adapt starts from when the request names no base
 * version. It cannot be promoted, and it can be deleted. The general version is a tiny model
 * written as a general-reader job writes one. The registry is shared with the other test classes
 * (one Quarkus application: PyTorch's native library loads into one class loader only), which leave
 * no theta0 or general version behind.
 */
@QuarkusTest
@QuarkusTestResource(
    value = RetrieverWithFixtures.class,
    initArgs = @ResourceArg(name = "property", value = "metarag.adapter.retriever"))
class GeneralReaderAdaptationTest {
  private static final String DETAILS =
      """
      {"lineage": {"hyperparameters": {"epochs": "1", "batch_size": "16"},
        "sourceDomains": ["squad"], "ancestors": ["base"], "steps": "12",
        "pretrainedModel": "tiny"},
       "description": "a tiny general reader"}
      """;

  private AdapterClient client;
  private VersionRegistry registry;
  private String general;

  @BeforeEach
  void connect() {
    client = new AdapterClient();
    registry =
        new VersionRegistry(
            Path.of(
                ConfigProvider.getConfig().getValue("metarag.adapter.registry-dir", String.class)));
  }

  @AfterEach
  void deleteTheGeneralVersion() {
    if (general != null && registry.find(general).isPresent()) {
      registry.delete("", general, v -> false);
    }
    client.close();
  }

  @Test
  void aGeneralVersionIsListedAndIsTheBaseOfAdaptationsThatNameNone() throws Exception {
    assertThat(sharedVersions()).extracting(ModelVersion::getVersion).containsExactly("base");
    general = writeTinyGeneralVersion();

    List<ModelVersion> listed = sharedVersions();
    assertThat(listed).extracting(ModelVersion::getVersion).containsExactly(general, "base");
    ModelVersion shown = listed.get(0);
    assertThat(shown.getKind()).isEqualTo(ModelKind.MODEL_KIND_GENERAL);
    assertThat(shown.getDomain()).isEmpty();
    assertThat(shown.getParentVersion()).isEqualTo("base");
    assertThat(shown.getActive()).isFalse();
    assertThat(shown.getDescription()).isEqualTo("a tiny general reader");
    assertThat(shown.getLineage().getSourceDomainsList()).containsExactly("squad");
    assertThat(shown.getChecksumsMap()).isNotEmpty();
    assertThat(version("", general)).isEqualTo(shown);
    assertStatus(() -> version("garden", general), Status.Code.NOT_FOUND, "belongs to no domain");

    AdaptResponse response =
        client.blocking.adapt(
            AdaptRequest.newBuilder()
                .setDomain("garden")
                .setSupport(FixtureExamples.inline(FixtureExamples.of("garden").subList(0, 4)))
                .setRetrievalTopK(2)
                .build());

    assertThat(response.getBase().getVersion()).isEqualTo(general);
    assertThat(response.getBase().getKind()).isEqualTo(ModelKind.MODEL_KIND_GENERAL);
    assertThat(response.getVersion().getParentVersion()).isEqualTo(general);
    assertThat(response.getVersion().getLineage().getAncestorsList())
        .containsExactly("base", general);
    assertStatus(
        () ->
            client.blocking.promoteVersion(
                PromoteVersionRequest.newBuilder().setDomain("garden").setVersion(general).build()),
        Status.Code.INVALID_ARGUMENT,
        "GENERAL version");

    var deleted =
        client.blocking.deleteVersion(
            DeleteVersionRequest.newBuilder().setVersion(general).build());

    assertThat(deleted.getDeleted().getKind()).isEqualTo(ModelKind.MODEL_KIND_GENERAL);
    assertThat(deleted.getBytesFreed()).isPositive();
    assertThat(sharedVersions()).extracting(ModelVersion::getVersion).containsExactly("base");
    // The version adapted from it keeps its lineage.
    assertThat(
            version("garden", response.getVersion().getVersion()).getLineage().getAncestorsList())
        .containsExactly("base", general);
  }

  private List<ModelVersion> sharedVersions() {
    return client.blocking.listVersions(ListVersionsRequest.getDefaultInstance()).getVersionsList();
  }

  private ModelVersion version(String domain, String version) {
    return client
        .blocking
        .getVersion(GetVersionRequest.newBuilder().setDomain(domain).setVersion(version).build())
        .getVersion();
  }

  /** A general package of the tiny model, registered as the meta-trainer registers one. */
  private String writeTinyGeneralVersion() throws Exception {
    String version = registry.reserveGeneralVersion();
    RagModelSetup tiny = RagModelSetup.of(RagModelSetup.TINY);
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      ObjectNode manifest = new ObjectMapper().createObjectNode();
      manifest.set(
          "registration",
          VersionRegistry.registration(
              version,
              "",
              VersionKind.GENERAL,
              "base",
              System.currentTimeMillis(),
              new ObjectMapper().readTree(DETAILS)));
      RagPackages.write(
          registry.path(version), tiny, tiny.initialParameters(9, manager), Map.of(), manifest);
    }
    return version;
  }
}
