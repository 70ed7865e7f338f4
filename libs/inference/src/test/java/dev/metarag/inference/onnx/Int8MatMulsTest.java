package dev.metarag.inference.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metarag.inference.encoder.HiddenStateGraph;
import dev.metarag.inference.encoder.MiniLmResources;
import dev.metarag.inference.tokenize.EncodedPair;
import dev.metarag.inference.tokenize.WordPieceTokenizer;
import java.io.ByteArrayInputStream;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Int8 quantization of MiniLM's weight matrices, as exported reader graphs store them. */
class Int8MatMulsTest {
  private static final int HIDDEN = 384;
  private static byte[] floatGraph;
  private static byte[] int8Graph;

  @BeforeAll
  static void quantize() throws Exception {
    floatGraph = MiniLmResources.model();
    int8Graph = Int8MatMuls.quantize(OnnxModel.parse(floatGraph));
  }

  @Test
  void everyWeightMatrixBecomesInt8AndTheFileShrinks() throws Exception {
    OnnxModel quantized = OnnxModel.parse(int8Graph);
    // MiniLM-L6 has 6 layers of 6 weight matrices; none is left as floats.
    assertThat(quantized.nodes().stream().filter(n -> n.opType().equals("MatMulInteger")))
        .hasSize(36);
    assertThat(quantized.floatInitializers().keySet()).noneMatch(n -> n.startsWith("onnx::MatMul"));
    // The weights keep a quarter of their bytes; the float embedding table is most of the rest.
    assertThat(int8Graph.length).isLessThan(floatGraph.length * 7 / 10);
  }

  @Test
  void aQuantizedGraphHasNothingLeftToQuantize() throws Exception {
    assertThat(Int8MatMuls.quantize(OnnxModel.parse(int8Graph))).isEqualTo(int8Graph);
  }

  @Test
  void hiddenStatesStayCloseToTheFloatGraphs() throws Exception {
    WordPieceTokenizer tokenizer =
        WordPieceTokenizer.fromJson(new ByteArrayInputStream(MiniLmResources.tokenizerJson()));
    List<EncodedPair> pairs =
        List.of(
            tokenizer.encodePair(
                "How long does the battery last?",
                "The battery lasts two days on one charge, and the screen stays sharp in sunlight.",
                64,
                16),
            tokenizer.encodePair(
                "Who wrote the report?",
                "The annual report was written by the audit committee and published in March.",
                64,
                16));
    int width = pairs.stream().mapToInt(EncodedPair::length).max().orElseThrow();
    long[] ids = new long[pairs.size() * width];
    long[] mask = new long[ids.length];
    long[] types = new long[ids.length];
    for (int p = 0; p < pairs.size(); p++) {
      EncodedPair pair = pairs.get(p);
      for (int t = 0; t < pair.length(); t++) {
        ids[p * width + t] = pair.ids()[t];
        mask[p * width + t] = 1;
        types[p * width + t] = pair.typeIds()[t];
      }
    }
    float[] exact;
    float[] quantized;
    try (HiddenStateGraph f = HiddenStateGraph.open(floatGraph, 1);
        HiddenStateGraph q = HiddenStateGraph.open(int8Graph, 1)) {
      exact = f.run(ids, mask, types, pairs.size(), width);
      quantized = q.run(ids, mask, types, pairs.size(), width);
    }
    double sum = 0;
    double min = 1;
    int tokens = 0;
    for (int p = 0; p < pairs.size(); p++) {
      for (int t = 0; t < pairs.get(p).length(); t++) {
        int at = (p * width + t) * HIDDEN;
        double c = cosine(exact, quantized, at);
        sum += c;
        min = Math.min(min, c);
        tokens++;
      }
    }
    assertThat(sum / tokens).isGreaterThan(0.99);
    assertThat(min).isGreaterThan(0.95);
    assertThat(quantized).isNotEqualTo(exact);
  }

  @Test
  void readerWeightsAreNamedInManifestsAndOldPackagesHoldFloats() {
    assertThat(ReaderWeights.fromManifest("int8")).isEqualTo(ReaderWeights.INT8);
    assertThat(ReaderWeights.fromManifest(ReaderWeights.FLOAT32.manifestName()))
        .isEqualTo(ReaderWeights.FLOAT32);
    assertThat(ReaderWeights.fromManifest("")).isEqualTo(ReaderWeights.FLOAT32);
    assertThatThrownBy(() -> ReaderWeights.fromManifest("int4"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'int4'");
  }

  @Test
  void theBaseReaderIsThePretrainedEncoderInInt8WithTheSeededHeads() throws Exception {
    assertThat(BaseReader.encoder().bytes()).isEqualTo(int8Graph);
    assertThat(BaseReader.graph())
        .isEqualTo(
            ReaderHeads.initial(HIDDEN, ReaderHeads.BASE_SEED)
                .appendTo(OnnxModel.parse(int8Graph)));
  }

  private static double cosine(float[] a, float[] b, int at) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int h = 0; h < HIDDEN; h++) {
      dot += a[at + h] * b[at + h];
      na += a[at + h] * a[at + h];
      nb += b[at + h] * b[at + h];
    }
    return dot / Math.sqrt(na * nb);
  }
}
