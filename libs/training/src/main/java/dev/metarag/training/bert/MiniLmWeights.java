package dev.metarag.training.bert;

import dev.metarag.inference.onnx.FloatTensor;
import dev.metarag.inference.onnx.OnnxModel;
import dev.metarag.inference.onnx.OnnxNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The weights of an exported BERT graph under stable names ({@code
 * encoder.layer.3.attention.self.query.weight}...).
 *
 * <p>The exporter kept biases and norms under their PyTorch names but stored each linear weight
 * transposed, as {@code [in, out]}, under a generated name ({@code onnx::MatMul_885}). Those are
 * named here after the node that consumes them ({@code
 * /encoder/layer.0/attention/self/query/MatMul}), and the mapping is kept so trained weights go
 * back under the graph's own names.
 */
public final class MiniLmWeights {
  private static final Pattern MATMUL_NODE =
      Pattern.compile(
          "/encoder/layer\\.(\\d+)/(attention/self/query|attention/self/key|attention/self/value|attention/output/dense|intermediate/dense|output/dense)/MatMul");

  private final Map<String, FloatTensor> byName;
  private final Map<String, String> onnxNameOf;

  private MiniLmWeights(Map<String, FloatTensor> byName, Map<String, String> onnxNameOf) {
    this.byName = byName;
    this.onnxNameOf = onnxNameOf;
  }

  public static MiniLmWeights from(OnnxModel model) {
    Map<String, String> consumers = new HashMap<>();
    for (OnnxNode n : model.nodes()) {
      if (n.opType().equals("MatMul")) {
        for (String in : n.inputs()) {
          consumers.put(in, n.name());
        }
      }
    }
    Map<String, FloatTensor> byName = new LinkedHashMap<>();
    Map<String, String> onnxNameOf = new HashMap<>();
    for (FloatTensor t : model.floatInitializers().values()) {
      String name = t.name();
      if (name.startsWith("onnx::MatMul")) {
        String node = consumers.get(name);
        Matcher m = node == null ? null : MATMUL_NODE.matcher(node);
        if (m == null || !m.matches()) {
          throw new IllegalArgumentException("cannot place weight " + name + " used by " + node);
        }
        name = "encoder.layer." + m.group(1) + "." + m.group(2).replace('/', '.') + ".weight";
      }
      byName.put(name, new FloatTensor(name, t.dims(), t.data()));
      onnxNameOf.put(name, t.name());
    }
    return new MiniLmWeights(byName, onnxNameOf);
  }

  /** Weights by stable name; linear weights are {@code [in, out]}. */
  public Map<String, FloatTensor> tensors() {
    return byName;
  }

  /** The initializer name in the ONNX graph of a weight's stable name. */
  public String onnxName(String name) {
    String n = onnxNameOf.get(name);
    if (n == null) {
      throw new IllegalArgumentException("no weight named " + name);
    }
    return n;
  }
}
