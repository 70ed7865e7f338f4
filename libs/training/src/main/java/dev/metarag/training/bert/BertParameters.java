package dev.metarag.training.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.metarag.inference.onnx.FloatTensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * BERT weights as DJL arrays, by stable name. Training code reads and replaces entries freely: the
 * forward pass is a pure function of this map, so an inner-loop update is plain arithmetic.
 */
public final class BertParameters {
  private final Map<String, NDArray> arrays;
  private final String prefix;

  public BertParameters(Map<String, NDArray> arrays) {
    this(arrays, "");
  }

  /** A view of the entries of {@code arrays} whose names start with {@code prefix}. */
  public BertParameters(Map<String, NDArray> arrays, String prefix) {
    this.arrays = arrays;
    this.prefix = prefix;
  }

  /**
   * Random weights of the given shape (normal, sd 0.02; norms at 1 and 0), for tiny test models.
   */
  public static BertParameters random(
      BertConfig c, int vocabulary, int maxPositions, long seed, NDManager manager) {
    manager.getEngine().setRandomSeed((int) seed);
    Map<String, NDArray> a = new LinkedHashMap<>();
    a.put("embeddings.word_embeddings.weight", normal(manager, vocabulary, c.hidden()));
    a.put("embeddings.position_embeddings.weight", normal(manager, maxPositions, c.hidden()));
    a.put("embeddings.token_type_embeddings.weight", normal(manager, 2, c.hidden()));
    norm(a, manager, "embeddings.LayerNorm", c.hidden());
    for (int l = 0; l < c.layers(); l++) {
      String p = "encoder.layer." + l + ".";
      for (String part :
          new String[] {
            "attention.self.query",
            "attention.self.key",
            "attention.self.value",
            "attention.output.dense"
          }) {
        linear(a, manager, p + part, c.hidden(), c.hidden());
      }
      norm(a, manager, p + "attention.output.LayerNorm", c.hidden());
      linear(a, manager, p + "intermediate.dense", c.hidden(), c.intermediate());
      linear(a, manager, p + "output.dense", c.intermediate(), c.hidden());
      norm(a, manager, p + "output.LayerNorm", c.hidden());
    }
    return new BertParameters(a);
  }

  private static NDArray normal(NDManager m, long... shape) {
    return m.randomNormal(0f, 0.02f, new Shape(shape), ai.djl.ndarray.types.DataType.FLOAT32);
  }

  private static void linear(Map<String, NDArray> a, NDManager m, String name, int in, int out) {
    a.put(name + ".weight", normal(m, in, out));
    a.put(name + ".bias", m.zeros(new Shape(out)));
  }

  private static void norm(Map<String, NDArray> a, NDManager m, String name, int size) {
    a.put(name + ".weight", m.ones(new Shape(size)));
    a.put(name + ".bias", m.zeros(new Shape(size)));
  }

  /** Copies the weights into arrays of {@code manager}. */
  public static BertParameters load(MiniLmWeights weights, NDManager manager) {
    Map<String, NDArray> arrays = new LinkedHashMap<>();
    for (FloatTensor t : weights.tensors().values()) {
      arrays.put(t.name(), manager.create(t.data(), new Shape(t.dims())));
    }
    return new BertParameters(arrays);
  }

  public NDArray get(String name) {
    NDArray a = arrays.get(prefix + name);
    if (a == null) {
      throw new IllegalArgumentException("no parameter named " + prefix + name);
    }
    return a;
  }

  public Map<String, NDArray> asMap() {
    return arrays;
  }

  /** The weights under this view's prefix (removed) as plain tensors, for ONNX export. */
  public Map<String, FloatTensor> toTensors() {
    Map<String, FloatTensor> out = new LinkedHashMap<>();
    arrays.forEach(
        (name, a) -> {
          if (name.startsWith(prefix)) {
            String local = name.substring(prefix.length());
            out.put(local, new FloatTensor(local, a.getShape().getShape(), a.toFloatArray()));
          }
        });
    return out;
  }
}
