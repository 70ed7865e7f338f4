package dev.metarag.training.export;

import ai.djl.ndarray.NDArray;
import dev.metarag.inference.model.ModelPackage;
import dev.metarag.training.bert.BertParameters;
import dev.metarag.training.bert.MiniLmWeights;
import dev.metarag.training.onnx.FloatTensor;
import dev.metarag.training.onnx.OnnxModel;
import dev.metarag.training.onnx.OnnxNode;
import dev.metarag.training.rag.RagParameters;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns trained RAG parameters into the ONNX files of a model package, by writing the weights into
 * the pretrained MiniLM graph (the one ONNX Runtime already serves) and, for the reader, appending
 * the heads as two ONNX nodes: {@code head_logits = output_0 @ W + b}, with W = [span start, span
 * end, relevance] as columns.
 */
public final class RagExport {
  private static final String HEAD_WEIGHT = "metarag.head.weight";
  private static final String HEAD_BIAS = "metarag.head.bias";
  private static final String HIDDEN_STATES = "output_0";

  private final OnnxModel base;
  private final MiniLmWeights names;

  /**
   * @param base the pretrained MiniLM graph whose weights the trained ones replace
   */
  public RagExport(OnnxModel base) {
    this.base = base;
    this.names = MiniLmWeights.from(base);
  }

  public byte[] queryEncoder(RagParameters p) throws IOException {
    return base.withInitializers(graphWeights(p.queryEncoder()));
  }

  public byte[] reader(RagParameters p) throws IOException {
    OnnxModel withWeights = OnnxModel.parse(base.withInitializers(graphWeights(p.reader())));
    NDArray weight = p.headWeight();
    NDArray bias = p.headBias();
    List<OnnxNode> nodes =
        List.of(
            new OnnxNode(
                "/metarag/head/MatMul",
                "MatMul",
                List.of(HIDDEN_STATES, HEAD_WEIGHT),
                List.of("metarag_head_matmul")),
            new OnnxNode(
                "/metarag/head/Add",
                "Add",
                List.of("metarag_head_matmul", HEAD_BIAS),
                List.of(ModelPackage.HEAD_LOGITS)));
    List<FloatTensor> initializers =
        List.of(
            new FloatTensor(HEAD_WEIGHT, weight.getShape().getShape(), weight.toFloatArray()),
            new FloatTensor(HEAD_BIAS, bias.getShape().getShape(), bias.toFloatArray()));
    weight.close();
    bias.close();
    return withWeights.withAddedNodes(nodes, initializers, List.of(ModelPackage.HEAD_LOGITS));
  }

  private Map<String, FloatTensor> graphWeights(BertParameters p) {
    Map<String, FloatTensor> out = new HashMap<>();
    p.toTensors()
        .forEach(
            (name, t) -> {
              String onnxName = names.onnxName(name);
              out.put(onnxName, new FloatTensor(onnxName, t.dims(), t.data()));
            });
    return out;
  }
}
