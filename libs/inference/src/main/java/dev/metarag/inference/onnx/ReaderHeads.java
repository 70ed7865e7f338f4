package dev.metarag.inference.onnx;

import dev.metarag.inference.model.ModelPackage;
import java.io.IOException;
import java.util.List;
import java.util.Random;

/**
 * The reader's heads: one linear map from each token's hidden state to three logits (answer start,
 * answer end, and, read at the first token, the passage's relevance), stored as a [hidden, 3]
 * weight and a [3] bias. Appended to an encoder graph they make the reader graph that serving runs:
 * {@code head_logits = output_0 @ W + b}.
 *
 * @param weight row-major [hidden, 3]: column 0 start, 1 end, 2 relevance
 * @param bias [3], in the same order
 */
public record ReaderHeads(int hidden, float[] weight, float[] bias) {
  /** The seed of the heads of the "base" version, the same in every service. */
  public static final long BASE_SEED = 1;

  /** Logits per token: start, end, relevance. */
  public static final int OUTPUTS = 3;

  private static final float INITIAL_STD = 0.02f;
  private static final String WEIGHT = "metarag.head.weight";
  private static final String BIAS = "metarag.head.bias";
  private static final String HIDDEN_STATES = "output_0";

  public ReaderHeads {
    if (weight.length != hidden * OUTPUTS || bias.length != OUTPUTS) {
      throw new IllegalArgumentException(
          "heads of hidden size " + hidden + " need " + hidden * OUTPUTS + " weights and 3 biases");
    }
  }

  /**
   * Untrained heads: weights drawn from a normal distribution (sd 0.02) with the seed, biases zero.
   * Deterministic across processes, so that training and serving agree on what "base" is.
   */
  public static ReaderHeads initial(int hidden, long seed) {
    Random random = new Random(seed);
    float[] weight = new float[hidden * OUTPUTS];
    for (int i = 0; i < weight.length; i++) {
      weight[i] = (float) random.nextGaussian() * INITIAL_STD;
    }
    return new ReaderHeads(hidden, weight, new float[OUTPUTS]);
  }

  /**
   * The reader graph: {@code encoder} (whose output {@code output_0} holds the hidden states) with
   * the heads appended as two nodes and {@code head_logits} [passages, tokens, 3] as a new output.
   */
  public byte[] appendTo(OnnxModel encoder) throws IOException {
    OnnxModel.Edit edit = encoder.edit();
    addTo(edit);
    return edit.write();
  }

  /** Adds the heads' nodes, weights and {@code head_logits} output to an edit of an encoder. */
  public void addTo(OnnxModel.Edit edit) throws IOException {
    edit.addNodes(
        List.of(
            new OnnxNode(
                "/metarag/head/MatMul",
                "MatMul",
                List.of(HIDDEN_STATES, WEIGHT),
                List.of("metarag_head_matmul")),
            new OnnxNode(
                "/metarag/head/Add",
                "Add",
                List.of("metarag_head_matmul", BIAS),
                List.of(ModelPackage.HEAD_LOGITS))));
    edit.addInitializer(new FloatTensor(WEIGHT, new long[] {hidden, OUTPUTS}, weight));
    edit.addInitializer(new FloatTensor(BIAS, new long[] {OUTPUTS}, bias));
    edit.addOutput(ModelPackage.HEAD_LOGITS);
  }
}
