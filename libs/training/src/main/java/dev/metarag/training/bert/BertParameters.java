package dev.metarag.training.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.metarag.training.onnx.FloatTensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * BERT weights as DJL arrays, by stable name. Training code reads and replaces entries freely: the
 * forward pass is a pure function of this map, so an inner-loop update is plain arithmetic.
 */
public final class BertParameters {
  private final Map<String, NDArray> arrays;

  public BertParameters(Map<String, NDArray> arrays) {
    this.arrays = arrays;
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
    NDArray a = arrays.get(name);
    if (a == null) {
      throw new IllegalArgumentException("no parameter named " + name);
    }
    return a;
  }

  public Map<String, NDArray> asMap() {
    return arrays;
  }

  /** The weights as plain tensors, to write back into an ONNX graph. */
  public Map<String, FloatTensor> toTensors() {
    Map<String, FloatTensor> out = new LinkedHashMap<>();
    arrays.forEach(
        (name, a) ->
            out.put(name, new FloatTensor(name, a.getShape().getShape(), a.toFloatArray())));
    return out;
  }
}
