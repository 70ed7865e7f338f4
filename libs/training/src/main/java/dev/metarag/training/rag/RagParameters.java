package dev.metarag.training.rag;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.metarag.inference.onnx.ReaderHeads;
import dev.metarag.training.bert.BertParameters;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every parameter of the RAG model in one flat map: the query encoder under {@code query.}, the
 * reader's encoder under {@code reader.}, and the heads under {@code head.}. Training algorithms
 * treat the map generically (an inner step maps every selected entry to a new array).
 */
public final class RagParameters {
  public static final String QUERY_PREFIX = "query.";
  public static final String READER_PREFIX = "reader.";
  public static final String HEAD_PREFIX = "head.";
  public static final String SPAN_WEIGHT = "head.span.weight";
  public static final String SPAN_BIAS = "head.span.bias";
  public static final String RELEVANCE_WEIGHT = "head.relevance.weight";
  public static final String RELEVANCE_BIAS = "head.relevance.bias";

  private final Map<String, NDArray> arrays;

  public RagParameters(Map<String, NDArray> arrays) {
    this.arrays = arrays;
  }

  /**
   * A model whose query encoder and reader both start from {@code encoder} (copied) and whose heads
   * are {@link ReaderHeads#initial} drawn with the given seed.
   */
  public static RagParameters initialize(
      BertParameters encoder, int hidden, long seed, NDManager manager) {
    Map<String, NDArray> a = new LinkedHashMap<>();
    encoder.asMap().forEach((name, w) -> a.put(QUERY_PREFIX + name, w.duplicate()));
    encoder.asMap().forEach((name, w) -> a.put(READER_PREFIX + name, w.duplicate()));
    // Drawn by ReaderHeads, so that serving builds the same "base" heads without DJL.
    ReaderHeads heads = ReaderHeads.initial(hidden, seed);
    float[] span = new float[hidden * 2];
    float[] relevance = new float[hidden];
    for (int h = 0; h < hidden; h++) {
      span[2 * h] = heads.weight()[ReaderHeads.OUTPUTS * h];
      span[2 * h + 1] = heads.weight()[ReaderHeads.OUTPUTS * h + 1];
      relevance[h] = heads.weight()[ReaderHeads.OUTPUTS * h + 2];
    }
    a.put(SPAN_WEIGHT, manager.create(span, new Shape(hidden, 2)));
    a.put(SPAN_BIAS, manager.zeros(new Shape(2)));
    a.put(RELEVANCE_WEIGHT, manager.create(relevance, new Shape(hidden, 1)));
    a.put(RELEVANCE_BIAS, manager.zeros(new Shape(1)));
    a.values().forEach(x -> x.attach(manager));
    return new RagParameters(a);
  }

  public BertParameters queryEncoder() {
    return new BertParameters(arrays, QUERY_PREFIX);
  }

  public BertParameters reader() {
    return new BertParameters(arrays, READER_PREFIX);
  }

  /** The heads as one [hidden, 3] matrix: span start, span end, relevance (the exported layout). */
  public NDArray headWeight() {
    return NDArrays.concat(new NDList(get(SPAN_WEIGHT), get(RELEVANCE_WEIGHT)), 1);
  }

  /** The heads' biases as one [3] vector, matching {@link #headWeight()}. */
  public NDArray headBias() {
    return NDArrays.concat(new NDList(get(SPAN_BIAS), get(RELEVANCE_BIAS)), 0);
  }

  public NDArray get(String name) {
    NDArray a = arrays.get(name);
    if (a == null) {
      throw new IllegalArgumentException("no parameter named " + name);
    }
    return a;
  }

  /** The live map: replacing an entry changes the model. */
  public Map<String, NDArray> asMap() {
    return arrays;
  }
}
