package dev.metarag.training.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metarag.inference.encoder.HiddenStateGraph;
import dev.metarag.inference.model.ModelPackage;
import dev.metarag.inference.onnx.BaseReader;
import dev.metarag.inference.onnx.OnnxModel;
import dev.metarag.inference.onnx.ReaderHeads;
import dev.metarag.inference.tokenize.EncodedPair;
import dev.metarag.training.MiniLm;
import dev.metarag.training.model.RagModelSetup;
import dev.metarag.training.rag.RagModel;
import dev.metarag.training.rag.RagParameters;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A heads-only adaptation of the real MiniLM model: exporting it with the base's encoder graphs
 * built once gives the same files as a full export, and the reader's frozen hidden states on ONNX
 * Runtime give DJL's head logits.
 */
class FrozenEncoderExportTest {
  private static NDManager manager;
  private static RagModelSetup setup;
  private static RagParameters base;
  private static RagParameters adapted;

  @BeforeAll
  static void load() throws Exception {
    manager = NDManager.newBaseManager("PyTorch");
    setup = RagModelSetup.of(RagModelSetup.MINILM);
    base = setup.initialParameters(1, manager);
    Map<String, NDArray> changed = new LinkedHashMap<>(base.asMap());
    changed.put(RagParameters.SPAN_WEIGHT, base.get(RagParameters.SPAN_WEIGHT).add(0.01f));
    changed.put(RagParameters.RELEVANCE_BIAS, base.get(RagParameters.RELEVANCE_BIAS).add(0.5f));
    adapted = new RagParameters(changed);
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  @Test
  void exportWithFrozenEncodersEqualsTheFullExport() throws Exception {
    RagExport full = new RagExport(OnnxModel.parse(MiniLm.onnxBytes()));
    FrozenEncoderExport frozen = new FrozenEncoderExport(full, base, true, true);

    assertThat(frozen.queryEncoder(adapted)).isEqualTo(full.queryEncoder(adapted));
    assertThat(frozen.reader(adapted)).isEqualTo(full.reader(adapted));
    // A second export reuses the encoder graphs and still writes that export's heads.
    assertThat(frozen.reader(base)).isEqualTo(full.reader(base));
  }

  @Test
  void frozenReaderStatesOnOnnxRuntimeGiveDjlsHeadLogits() {
    RagModel trainable = setup.model();
    List<EncodedPair> pairs =
        List.of(
            setup
                .tokenizer()
                .encodePair(
                    "How long does the battery last?",
                    "The battery lasts two days on one charge.",
                    RagModelSetup.MAX_PAIR_TOKENS,
                    RagModelSetup.MAX_QUESTION_TOKENS),
            setup
                .tokenizer()
                .encodePair(
                    "How long does the battery last?",
                    "The kettle boils water in three minutes, and the lid locks.",
                    RagModelSetup.MAX_PAIR_TOKENS,
                    RagModelSetup.MAX_QUESTION_TOKENS));
    try (HiddenStateGraph graph = HiddenStateGraph.open(MiniLm.onnxBytes(), 1);
        NDManager scope = manager.newSubManager()) {
      RagModel frozen = trainable.withFrozenEncoders(graph::run, graph::run);
      float[] expected = trainable.headLogits(adapted, pairs, scope).toFloatArray();
      float[] actual = frozen.headLogits(adapted, pairs, scope).toFloatArray();

      assertThat(actual).containsExactly(expected, within(1e-4f));
    }
  }

  @Test
  void theBaseParametersExportToTheBaseReaderThatServingBuilds() throws Exception {
    // Training and serving must agree on what "base" is: the adapter trains heads on the hidden
    // states of this graph, and the generator serves the base from BaseReader.
    assertThat(base).isNotNull();
    RagExport export = new RagExport(OnnxModel.parse(MiniLm.onnxBytes()));
    try (NDManager scope = manager.newSubManager()) {
      RagParameters baseParams = setup.initialParameters(ReaderHeads.BASE_SEED, scope);
      assertThat(export.readerEncoder(baseParams).bytes()).isEqualTo(BaseReader.encoder().bytes());
      assertThat(export.reader(baseParams)).isEqualTo(BaseReader.graph());
    }
  }

  @Test
  void aMiniLmPackageRecordsHowItsReaderStoresItsWeights(@TempDir Path registry) throws Exception {
    ModelPackage pkg =
        RagPackages.write(
            registry.resolve("v1"),
            setup,
            adapted,
            Map.of(),
            new ObjectMapper().createObjectNode().put("name", "v1"));

    assertThat(
            ModelPackage.open(pkg.directory()).manifest().path("reader").path("weights").asText())
        .isEqualTo("int8");
  }
}
