package dev.metarag.training.export;

import ai.djl.ndarray.NDArray;
import dev.metarag.inference.onnx.FloatTensor;
import dev.metarag.inference.onnx.OnnxModel;
import dev.metarag.inference.onnx.ReaderHeads;
import dev.metarag.training.bert.BertParameters;
import dev.metarag.training.bert.MiniLmWeights;
import dev.metarag.training.rag.RagParameters;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns trained RAG parameters into the ONNX files of a model package, by writing the weights into
 * the pretrained MiniLM graph (the one ONNX Runtime already serves) and, for the reader, appending
 * the heads ({@link ReaderHeads}).
 */
public final class RagExport implements GraphExport {
  private final OnnxModel base;
  private final MiniLmWeights names;

  /**
   * @param base the pretrained MiniLM graph whose weights the trained ones replace
   */
  public RagExport(OnnxModel base) {
    this.base = base;
    this.names = MiniLmWeights.from(base);
  }

  @Override
  public byte[] queryEncoder(RagParameters p) throws IOException {
    return base.withInitializers(graphWeights(p.queryEncoder()));
  }

  @Override
  public byte[] reader(RagParameters p) throws IOException {
    return heads(p).appendTo(readerEncoder(p));
  }

  /** The reader's encoder graph with p's weights, before the heads are appended. */
  OnnxModel readerEncoder(RagParameters p) throws IOException {
    return OnnxModel.parse(base.withInitializers(graphWeights(p.reader())));
  }

  /** The trained heads in the exported layout. */
  static ReaderHeads heads(RagParameters p) {
    try (NDArray weight = p.headWeight();
        NDArray bias = p.headBias()) {
      return new ReaderHeads(
          (int) weight.getShape().get(0), weight.toFloatArray(), bias.toFloatArray());
    }
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
