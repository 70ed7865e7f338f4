package dev.metarag.inference.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.metarag.inference.encoder.MiniLmResources;
import dev.metarag.inference.model.ModelPackage;
import java.nio.LongBuffer;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReaderHeadsTest {
  private static final int HIDDEN = 384;

  @Test
  void initialHeadsDependOnlyOnTheSeed() {
    ReaderHeads a = ReaderHeads.initial(HIDDEN, ReaderHeads.BASE_SEED);
    ReaderHeads b = ReaderHeads.initial(HIDDEN, ReaderHeads.BASE_SEED);
    ReaderHeads other = ReaderHeads.initial(HIDDEN, ReaderHeads.BASE_SEED + 1);

    assertThat(a.weight()).containsExactly(b.weight());
    assertThat(a.weight()).isNotEqualTo(other.weight());
    assertThat(a.bias()).containsOnly(0f);
    double sumOfSquares = 0;
    for (float w : a.weight()) {
      sumOfSquares += w * w;
    }
    assertThat(Math.sqrt(sumOfSquares / a.weight().length)).isCloseTo(0.02, within(0.002));
  }

  @Test
  void headsOfTheWrongSizeAreRefused() {
    assertThatThrownBy(() -> new ReaderHeads(4, new float[11], new float[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("12 weights");
  }

  @Test
  void theAppendedGraphComputesTheHeadsFromTheHiddenStates() throws Exception {
    float[] bias = {0.5f, -0.25f, 1f};
    ReaderHeads initial = ReaderHeads.initial(HIDDEN, 7);
    ReaderHeads heads = new ReaderHeads(HIDDEN, initial.weight(), bias);
    byte[] graph = heads.appendTo(OnnxModel.parse(MiniLmResources.model()));

    OrtEnvironment env = OrtEnvironment.getEnvironment();
    long[] ids = {101, 2054, 2003, 1037, 3899, 102};
    long[] shape = {1, ids.length};
    try (OrtSession session = env.createSession(graph, new OrtSession.SessionOptions());
        OnnxTensor input = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
        OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(ones(ids.length)), shape);
        OnnxTensor types =
            OnnxTensor.createTensor(env, LongBuffer.wrap(new long[ids.length]), shape);
        OrtSession.Result out =
            session.run(
                Map.of("input_ids", input, "attention_mask", mask, "token_type_ids", types),
                Set.of("output_0", ModelPackage.HEAD_LOGITS))) {
      float[][][] hidden = (float[][][]) out.get("output_0").orElseThrow().getValue();
      float[][][] logits = (float[][][]) out.get(ModelPackage.HEAD_LOGITS).orElseThrow().getValue();
      for (int t = 0; t < ids.length; t++) {
        for (int o = 0; o < ReaderHeads.OUTPUTS; o++) {
          double expected = bias[o];
          for (int h = 0; h < HIDDEN; h++) {
            expected += hidden[0][t][h] * heads.weight()[h * ReaderHeads.OUTPUTS + o];
          }
          assertThat(logits[0][t][o]).isCloseTo((float) expected, within(1e-4f));
        }
      }
    }
  }

  private static long[] ones(int n) {
    long[] a = new long[n];
    java.util.Arrays.fill(a, 1);
    return a;
  }
}
