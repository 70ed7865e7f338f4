package dev.metarag.adapter.adaptation;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metarag.adapter.support.AdapterClient;
import dev.metarag.adapter.support.FixtureExamples;
import dev.metarag.proto.v1.AdaptRequest;
import dev.metarag.proto.v1.AdaptResponse;
import dev.metarag.proto.v1.ListVersionsRequest;
import dev.metarag.proto.v1.MetaAlgorithm;
import dev.metarag.proto.v1.ModelKind;
import dev.metarag.registry.VersionKind;
import dev.metarag.registry.VersionRegistry;
import dev.metarag.testing.grpc.RetrieverWithFixtures;
import dev.metarag.training.export.RagPackages;
import dev.metarag.training.model.RagModelSetup;
import dev.metarag.training.rag.ParameterSubset;
import dev.metarag.training.rag.RagParameters;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Adapting a meta-trained initialisation: with no base version named, the newest theta0 is the
 * base, and a Meta-SGD theta0 adapts its meta-learned subset with its learned per-parameter rates,
 * which the new package keeps. The theta0 here is a tiny model written as the meta-trainer's worker
 * writes one.
 */
@QuarkusTest
@QuarkusTestResource(
    value = RetrieverWithFixtures.class,
    initArgs = @ResourceArg(name = "property", value = "metarag.adapter.retriever"))
class Theta0AdaptationTest {
  private static final String LINEAGE =
      """
      {"lineage": {"algorithm": "META_ALGORITHM_META_SGD",
        "hyperparameters": {"inner_learning_rate": "0.001",
                            "inner_parameters": "PARAMETER_SUBSET_KIND_HEADS_ONLY"},
        "sourceDomains": ["kitchen", "garden"], "ancestors": ["base"],
        "pretrainedModel": "tiny"},
       "description": "a tiny Meta-SGD theta0"}
      """;

  @Test
  void theNewestTheta0IsTheDefaultBaseAndItsLearnedRatesAreUsedAndKept() throws Exception {
    Path registryDir =
        Path.of(ConfigProvider.getConfig().getValue("metarag.adapter.registry-dir", String.class));
    VersionRegistry registry = new VersionRegistry(registryDir);
    String theta0 = writeTinyMetaSgdTheta0(registry);

    // Deleted at the end: the other test classes share the registry, where it would be their
    // default base.
    try (AdapterClient client = new AdapterClient();
        AutoCloseable deleteTheta0 = () -> registry.delete("", theta0, v -> false)) {
      assertThat(
              client
                  .blocking
                  .listVersions(ListVersionsRequest.getDefaultInstance())
                  .getVersionsList())
          .extracting(v -> v.getVersion())
          .startsWith(theta0);

      AdaptResponse response =
          client.blocking.adapt(
              AdaptRequest.newBuilder()
                  .setDomain("garden")
                  .setSupport(FixtureExamples.inline(FixtureExamples.of("garden").subList(0, 4)))
                  .setRetrievalTopK(2)
                  .build());

      assertThat(response.getBase().getVersion()).isEqualTo(theta0);
      assertThat(response.getBase().getKind()).isEqualTo(ModelKind.MODEL_KIND_THETA0);
      var lineage = response.getVersion().getLineage();
      assertThat(lineage.getAlgorithm()).isEqualTo(MetaAlgorithm.META_ALGORITHM_META_SGD);
      assertThat(lineage.getAncestorsList()).containsExactly("base", theta0);
      assertThat(lineage.getPretrainedModel()).isEqualTo("tiny");
      assertThat(lineage.getHyperparametersMap())
          .containsEntry("inner_learning_rate", "learned (Meta-SGD)")
          .containsEntry("inner_parameters", "PARAMETER_SUBSET_KIND_HEADS_ONLY");
      Path pkg = Path.of(response.getVersion().getPackagePath());
      assertThat(pkg.resolve(RagPackages.INNER_RATES)).isRegularFile();
      // The tiny model has no ONNX graph: the package is for further adaptation, not serving.
      assertThat(pkg.resolve("reader.onnx")).doesNotExist();
      assertThat(response.getEvaluatedOnSupport()).isTrue();
    }
  }

  /** A theta0 package as the worker writes one, registered as the meta-trainer registers it. */
  private static String writeTinyMetaSgdTheta0(VersionRegistry registry) throws Exception {
    String version = registry.reserveTheta0Version();
    RagModelSetup tiny = RagModelSetup.of(RagModelSetup.TINY);
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      RagParameters params = tiny.initialParameters(5, manager);
      Map<String, NDArray> rates = new LinkedHashMap<>();
      params.asMap().keySet().stream()
          .filter(ParameterSubset.HEADS_ONLY.selects(tiny.config().layers()))
          .forEach(name -> rates.put(name, params.get(name).onesLike().mul(1e-3f)));
      ObjectNode manifest = new ObjectMapper().createObjectNode();
      manifest.set(
          "registration",
          VersionRegistry.registration(
              version,
              "",
              VersionKind.THETA0,
              "base",
              System.currentTimeMillis(),
              new ObjectMapper().readTree(LINEAGE)));
      RagPackages.write(registry.path(version), tiny, params, rates, manifest);
    }
    assertThat(Files.isDirectory(registry.path(version))).isTrue();
    return version;
  }
}
