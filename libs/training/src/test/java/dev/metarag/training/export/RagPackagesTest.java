package dev.metarag.training.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metarag.inference.model.ModelPackage;
import dev.metarag.training.model.RagModelSetup;
import dev.metarag.training.rag.RagParameters;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RAG model packages of the tiny model, written and read back. */
class RagPackagesTest {
  private static RagModelSetup tiny;
  private static NDManager manager;
  private static RagParameters params;

  @TempDir Path registry;

  @BeforeAll
  static void model() throws Exception {
    tiny = RagModelSetup.of(RagModelSetup.TINY);
    manager = NDManager.newBaseManager("PyTorch");
    params = tiny.initialParameters(5, manager);
  }

  @AfterAll
  static void free() {
    manager.close();
  }

  private static ObjectNode fields() {
    return new ObjectMapper().createObjectNode().put("name", "theta0-test").put("job_id", "j1");
  }

  @Test
  void parametersAndInnerRatesReadBackAsWritten() throws Exception {
    Map<String, NDArray> rates = new LinkedHashMap<>();
    rates.put(RagParameters.SPAN_WEIGHT, params.get(RagParameters.SPAN_WEIGHT).mul(3));
    rates.put(RagParameters.SPAN_BIAS, manager.create(new float[] {0.5f, 0.25f}));

    ModelPackage written = RagPackages.write(registry.resolve("p"), tiny, params, rates, fields());

    assertThat(written.checksums())
        .containsOnlyKeys(RagPackages.PARAMETERS, RagPackages.INNER_RATES, ModelPackage.TOKENIZER);
    try (NDManager scope = manager.newSubManager()) {
      RagParameters read = RagPackages.readParameters(written.directory(), scope);
      assertThat(read.asMap().keySet()).containsExactlyElementsOf(params.asMap().keySet());
      params.asMap().forEach((name, a) -> assertThat(read.get(name)).isEqualTo(a));
      Map<String, NDArray> readRates = RagPackages.readInnerRates(written.directory(), scope);
      assertThat(readRates.keySet()).containsExactlyElementsOf(rates.keySet());
      rates.forEach((name, a) -> assertThat(readRates.get(name)).isEqualTo(a));
    }
  }

  @Test
  void aPackageWithoutInnerRatesReadsNone() throws Exception {
    ModelPackage written =
        RagPackages.write(registry.resolve("p"), tiny, params, Map.of(), fields());

    assertThat(written.checksums()).doesNotContainKey(RagPackages.INNER_RATES);
    assertThat(RagPackages.readInnerRates(written.directory(), manager)).isEmpty();
  }

  @Test
  void theManifestNamesTheModelItsSettingsAndTheCallersFields() throws Exception {
    ModelPackage written =
        RagPackages.write(registry.resolve("p"), tiny, params, Map.of(), fields());

    ModelPackage opened = ModelPackage.open(written.directory());
    assertThat(RagPackages.modelName(opened)).isEqualTo(RagModelSetup.TINY);
    assertThat(opened.name()).isEqualTo("theta0-test");
    assertThat(opened.manifest().path("job_id").asText()).isEqualTo("j1");
    assertThat(opened.manifest().path("encoder").path("layers").asInt())
        .isEqualTo(RagModelSetup.TINY_CONFIG.layers());
    assertThat(opened.manifest().path("reader").path("max_pair_tokens").asInt())
        .isEqualTo(RagModelSetup.MAX_PAIR_TOKENS);
  }

  @Test
  void aCallerCannotOverwriteTheModelName() {
    ObjectNode fields = fields().put("model", RagModelSetup.MINILM);

    assertThatThrownBy(
            () -> RagPackages.write(registry.resolve("p"), tiny, params, Map.of(), fields))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'model'");
  }
}
