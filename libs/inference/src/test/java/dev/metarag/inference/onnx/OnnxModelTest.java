package dev.metarag.inference.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metarag.inference.encoder.MiniLmResources;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OnnxModelTest {
  private static OnnxModel model;

  @BeforeAll
  static void parse() throws Exception {
    model = OnnxModel.parse(MiniLmResources.model());
  }

  @Test
  void readsEveryFloatInitializerAndNode() {
    assertThat(model.floatInitializers()).hasSize(103);
    assertThat(model.floatInitializers().get("embeddings.word_embeddings.weight").dims())
        .containsExactly(30522, 384);
    assertThat(model.nodes())
        .anyMatch(n -> n.name().equals("/encoder/layer.5/output/dense/MatMul"));
  }

  @Test
  void writingNothingBackGivesTheSameBytes() throws Exception {
    assertThat(model.withInitializers(Map.of())).isEqualTo(MiniLmResources.model());
  }

  @Test
  void replacedInitializersReadBackWithTheirNewValues() throws Exception {
    FloatTensor bias = model.floatInitializers().get("encoder.layer.0.output.dense.bias");
    float[] changed = bias.data().clone();
    changed[0] += 1f;

    OnnxModel rewritten =
        OnnxModel.parse(
            model.withInitializers(
                Map.of(bias.name(), new FloatTensor(bias.name(), bias.dims(), changed))));

    assertThat(rewritten.floatInitializers().get(bias.name()).data()).containsExactly(changed);
    assertThat(rewritten.nodes()).hasSameSizeAs(model.nodes());
  }

  @Test
  void aReplacementOfAnotherShapeIsRejected() {
    assertThatThrownBy(
            () ->
                model.withInitializers(
                    Map.of(
                        "embeddings.LayerNorm.bias",
                        new FloatTensor(
                            "embeddings.LayerNorm.bias", new long[] {2}, new float[2]))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shape");
  }

  @Test
  void anEditReplacesANodeInPlaceAndDropsWhatItNoLongerUses() throws Exception {
    OnnxNode matMul =
        model.nodes().stream()
            .filter(n -> n.name().equals("/encoder/layer.0/output/dense/MatMul"))
            .findFirst()
            .orElseThrow();
    String weight = matMul.inputs().get(1);
    int position = model.nodes().indexOf(matMul);

    OnnxModel edited =
        OnnxModel.parse(
            model
                .edit()
                .replaceNode(
                    matMul.name(),
                    List.of(
                        new OnnxNode(
                            "renamed",
                            "MatMul",
                            List.of(matMul.inputs().get(0), "w2"),
                            matMul.outputs())))
                .dropInitializer(weight)
                .addInitializer(model.floatInitializers().get(weight).withName("w2"))
                .write());

    assertThat(edited.nodes().get(position).name()).isEqualTo("renamed");
    assertThat(edited.nodes()).hasSameSizeAs(model.nodes());
    assertThat(edited.floatInitializers()).doesNotContainKey(weight).containsKey("w2");
    assertThatThrownBy(() -> model.edit().replaceNode("no-such-node", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no-such-node");
  }
}
