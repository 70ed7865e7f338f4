package dev.metarag.inference.encoder;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.metarag.inference.tokenize.EncodedText;
import dev.metarag.inference.tokenize.WordPieceTokenizer;
import java.nio.LongBuffer;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A BERT-style sentence encoder on ONNX Runtime: mean pooling of the last hidden states over real
 * tokens, then L2 normalisation (the sentence-transformers recipe MiniLM was trained with).
 */
public final class OnnxSentenceEncoder implements SentenceEncoder {
  /** Output of the exported MiniLM graph that holds the per-token hidden states [B, T, H]. */
  static final String HIDDEN_STATES_OUTPUT = "output_0";

  private final OrtSession session;
  private final WordPieceTokenizer tokenizer;
  private final EncoderDescriptor descriptor;
  private final int maxTokens;
  private final int batchSize;
  private final boolean needsTokenTypes;
  private final String outputName;

  OnnxSentenceEncoder(
      OrtSession session,
      WordPieceTokenizer tokenizer,
      String name,
      String version,
      String source,
      int maxTokens,
      int batchSize)
      throws OrtException {
    this.session = session;
    this.tokenizer = tokenizer;
    this.maxTokens = maxTokens;
    this.batchSize = batchSize;
    this.needsTokenTypes = session.getInputNames().contains("token_type_ids");
    this.outputName = hiddenStatesOutput(session);
    TensorInfo info = (TensorInfo) session.getOutputInfo().get(outputName).getInfo();
    long[] shape = info.getShape();
    this.descriptor = new EncoderDescriptor(name, version, (int) shape[shape.length - 1], source);
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

  @Override
  public EncoderDescriptor descriptor() {
    return descriptor;
  }

  @Override
  public WordPieceTokenizer tokenizer() {
    return tokenizer;
  }

  @Override
  public float[][] embed(List<String> texts) {
    EncodedText[] encoded = new EncodedText[texts.size()];
    for (int i = 0; i < encoded.length; i++) {
      encoded[i] = tokenizer.encode(texts.get(i), maxTokens);
    }
    // Batching texts of similar length wastes less compute on padding.
    int[] order =
        IntStream.range(0, encoded.length)
            .boxed()
            .sorted(Comparator.comparingInt(i -> encoded[i].length()))
            .mapToInt(Integer::intValue)
            .toArray();
    float[][] result = new float[encoded.length][];
    for (int from = 0; from < order.length; from += batchSize) {
      int to = Math.min(from + batchSize, order.length);
      EncodedText[] batch = new EncodedText[to - from];
      for (int i = from; i < to; i++) {
        batch[i - from] = encoded[order[i]];
      }
      float[][] vectors = embedBatch(batch);
      for (int i = from; i < to; i++) {
        result[order[i]] = vectors[i - from];
      }
    }
    return result;
  }

  private float[][] embedBatch(EncodedText[] batch) {
    int rows = batch.length;
    int width = 0;
    for (EncodedText e : batch) {
      width = Math.max(width, e.length());
    }
    long[] ids = new long[rows * width];
    long[] mask = new long[rows * width];
    for (int r = 0; r < rows; r++) {
      long[] row = batch[r].ids();
      for (int t = 0; t < width; t++) {
        ids[r * width + t] = t < row.length ? row[t] : tokenizer.padId();
        mask[r * width + t] = t < row.length ? 1 : 0;
      }
    }
    long[] shape = {rows, width};
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
      inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
      if (needsTokenTypes) {
        inputs.put(
            "token_type_ids",
            OnnxTensor.createTensor(env, LongBuffer.wrap(new long[ids.length]), shape));
      }
      try (OrtSession.Result out = session.run(inputs, java.util.Set.of(outputName))) {
        float[][][] hidden = (float[][][]) out.get(0).getValue();
        float[][] pooled = new float[rows][];
        for (int r = 0; r < rows; r++) {
          pooled[r] = Pooling.meanNormalized(hidden[r], batch[r].length());
        }
        return pooled;
      }
    } catch (OrtException e) {
      throw new IllegalStateException("encoder inference failed: " + e.getMessage(), e);
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("closing encoder session failed", e);
    }
  }
}
