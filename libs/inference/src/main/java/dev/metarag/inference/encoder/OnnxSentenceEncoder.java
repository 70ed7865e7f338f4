package dev.metarag.inference.encoder;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.metarag.inference.tokenize.EncodedText;
import dev.metarag.inference.tokenize.WordPieceTokenizer;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A BERT-style sentence encoder on ONNX Runtime: mean pooling of the last hidden states over real
 * tokens, then L2 normalisation (the sentence-transformers recipe MiniLM was trained with).
 */
public final class OnnxSentenceEncoder implements SentenceEncoder {
  private final HiddenStateGraph graph;
  private final WordPieceTokenizer tokenizer;
  private final EncoderDescriptor descriptor;
  private final int maxTokens;
  private final int batchSize;

  OnnxSentenceEncoder(
      OrtSession session,
      WordPieceTokenizer tokenizer,
      String name,
      String version,
      String source,
      int maxTokens,
      int batchSize)
      throws OrtException {
    this.graph = new HiddenStateGraph(session);
    this.tokenizer = tokenizer;
    this.maxTokens = maxTokens;
    this.batchSize = batchSize;
    this.descriptor = new EncoderDescriptor(name, version, graph.hidden(), source);
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
    float[] states = graph.run(ids, mask, new long[ids.length], rows, width);
    int hidden = graph.hidden();
    float[][] pooled = new float[rows][];
    for (int r = 0; r < rows; r++) {
      float[][] tokens = new float[batch[r].length()][];
      for (int t = 0; t < tokens.length; t++) {
        int from = (r * width + t) * hidden;
        tokens[t] = java.util.Arrays.copyOfRange(states, from, from + hidden);
      }
      pooled[r] = Pooling.meanNormalized(tokens, tokens.length);
    }
    return pooled;
  }

  @Override
  public void close() {
    graph.close();
  }
}
