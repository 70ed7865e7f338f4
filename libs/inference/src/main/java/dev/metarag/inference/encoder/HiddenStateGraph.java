package dev.metarag.inference.encoder;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.metarag.inference.onnx.OrtSessions;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A BERT-style graph on ONNX Runtime that returns its last hidden states for already tokenized,
 * padded inputs: what sentence encoders pool, and the frozen part of a model whose output training
 * code reuses (adapting only the reader's heads needs the reader encoder's hidden states, not its
 * gradients). Thread-safe.
 */
public final class HiddenStateGraph implements AutoCloseable {
  /** Output of the exported MiniLM graph that holds the per-token hidden states [B, T, H]. */
  static final String HIDDEN_STATES_OUTPUT = "output_0";

  private final OrtSession session;
  private final boolean needsTokenTypes;
  private final String outputName;
  private final int hidden;

  /** Takes over the session, which closes with this graph. */
  HiddenStateGraph(OrtSession session) throws OrtException {
    this.session = session;
    this.needsTokenTypes = session.getInputNames().contains("token_type_ids");
    this.outputName = hiddenStatesOutput(session);
    TensorInfo info = (TensorInfo) session.getOutputInfo().get(outputName).getInfo();
    long[] shape = info.getShape();
    this.hidden = (int) shape[shape.length - 1];
  }

  private static String hiddenStatesOutput(OrtSession session) throws OrtException {
    Map<String, NodeInfo> outputs = session.getOutputInfo();
    if (outputs.containsKey(HIDDEN_STATES_OUTPUT)) {
      return HIDDEN_STATES_OUTPUT;
    }
    // Other exports name it differently; the hidden states are the first rank-3 output.
    for (Map.Entry<String, NodeInfo> e : outputs.entrySet()) {
      if (e.getValue().getInfo() instanceof TensorInfo t && t.getShape().length == 3) {
        return e.getKey();
      }
    }
    throw new IllegalArgumentException("encoder model has no [batch, tokens, hidden] output");
  }

  /**
   * Opens a graph (an encoder, or a reader graph, which keeps the encoder's output).
   *
   * @param intraOpThreads ONNX Runtime's threads for one run
   */
  public static HiddenStateGraph open(byte[] graph, int intraOpThreads) {
    try {
      return new HiddenStateGraph(
          OrtEnvironment.getEnvironment()
              .createSession(graph, OrtSessions.options(intraOpThreads)));
    } catch (OrtException e) {
      throw new IllegalArgumentException("cannot load the graph: " + e.getMessage(), e);
    }
  }

  /** Opens a graph file. */
  public static HiddenStateGraph open(Path graph, int intraOpThreads) {
    try {
      return new HiddenStateGraph(
          OrtEnvironment.getEnvironment()
              .createSession(graph.toString(), OrtSessions.options(intraOpThreads)));
    } catch (OrtException e) {
      throw new IllegalArgumentException(graph + " cannot be loaded: " + e.getMessage(), e);
    }
  }

  /** Size of each token's hidden state. */
  public int hidden() {
    return hidden;
  }

  /**
   * The hidden states of {@code rows} inputs padded to {@code width} tokens, row-major [rows,
   * width, hidden].
   *
   * @param ids token ids, [rows * width]
   * @param mask 1 for real tokens, 0 for padding
   * @param types token type ids (ignored by graphs without that input)
   */
  public float[] run(long[] ids, long[] mask, long[] types, int rows, int width) {
    long[] shape = {rows, width};
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
      inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
      if (needsTokenTypes) {
        inputs.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape));
      }
      try (OrtSession.Result out = session.run(inputs, Set.of(outputName))) {
        FloatBuffer states = ((OnnxTensor) out.get(0)).getFloatBuffer();
        float[] result = new float[states.remaining()];
        states.get(result);
        return result;
      }
    } catch (OrtException e) {
      throw new IllegalStateException("hidden-state inference failed: " + e.getMessage(), e);
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("closing the graph's session failed", e);
    }
  }
}
