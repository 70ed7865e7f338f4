package dev.metarag.training.export;

import ai.djl.ndarray.NDArray;
import dev.metarag.inference.onnx.FloatTensor;
import dev.metarag.inference.onnx.OnnxModel;
import dev.metarag.inference.onnx.ReaderHeads;
import dev.metarag.inference.onnx.ReaderWeights;
import dev.metarag.training.bert.BertParameters;
import dev.metarag.training.bert.MiniLmWeights;
import dev.metarag.training.rag.RagParameters;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns trained RAG parameters into the ONNX files of a model package, by writing the weights into
 * the pretrained MiniLM graph (the one ONNX Runtime already serves) and, for the reader, storing
 * the encoder's weights as {@link ReaderWeights} says and appending the heads ({@link
 * ReaderHeads}).
 */
public final class RagExport implements GraphExport {
  private final OnnxModel base;
  private final MiniLmWeights names;
  private final ReaderWeights readerWeights;

  /**
   * An export with the suite's reader weights, {@link ReaderWeights#INT8} (as {@link
   * dev.metarag.inference.onnx.BaseReader} has).
   *
   * @param base the pretrained MiniLM graph whose weights the trained ones replace
   */
  public RagExport(OnnxModel base) {
    this(base, ReaderWeights.INT8);
  }

  public RagExport(OnnxModel base, ReaderWeights readerWeights) {
    this.base = base;
    this.names = MiniLmWeights.from(base);
    this.readerWeights = readerWeights;
  }

  @Override
  public ReaderWeights readerWeights() {
    return readerWeights;
  }

  @Override
  public byte[] queryEncoder(RagParameters p) throws IOException {
    return base.withInitializers(graphWeights(p.queryEncoder()));
  }

  /** Encoder and heads written in one pass, without building the encoder graph on its own. */
  @Override
  public byte[] reader(RagParameters p) throws IOException {
    OnnxModel.Edit edit = readerEncoderEdit(p);
    heads(p).addTo(edit);
    return edit.write();
  }

  /**
   * The reader's encoder graph with p's weights, stored as {@link #readerWeights()}, before the
   * heads are appended: its {@code output_0} holds the hidden states the heads read.
   */
  public OnnxModel readerEncoder(RagParameters p) throws IOException {
    return OnnxModel.parse(readerEncoderEdit(p).write());
  }

  private OnnxModel.Edit readerEncoderEdit(RagParameters p) throws IOException {
    Map<String, FloatTensor> weights = graphWeights(p.reader());
    OnnxModel.Edit edit = base.edit();
    weights.values().forEach(edit::replaceInitializer);
    readerWeights.applyTo(base, weights, edit);
    return edit;
  }

  /** The trained heads in the exported layout. */
  public static ReaderHeads heads(RagParameters p) {
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
