package dev.metarag.training.export;

import dev.metarag.inference.onnx.OnnxModel;
import dev.metarag.training.rag.RagParameters;
import java.io.IOException;

/**
 * Exports models that share a base model's encoders and differ only in what an adaptation changed
 * (ANIL: the heads). The encoders' graphs are built once from the base and reused for every export,
 * which then writes only the new heads into the reader graph: about a second saved per export of a
 * MiniLM model. Encoders that are not frozen are exported from the parameters as usual. Not
 * thread-safe.
 */
public final class FrozenEncoderExport implements GraphExport {
  private final RagExport full;
  private final RagParameters base;
  private final boolean queryFrozen;
  private final boolean readerFrozen;
  private byte[] queryGraph;
  private OnnxModel readerEncoder;

  /**
   * @param base the parameters whose encoders the exported models share
   * @param queryFrozen whether exported models have the base's query encoder
   * @param readerFrozen whether exported models have the base's reader encoder
   */
  public FrozenEncoderExport(
      RagExport full, RagParameters base, boolean queryFrozen, boolean readerFrozen) {
    this.full = full;
    this.base = base;
    this.queryFrozen = queryFrozen;
    this.readerFrozen = readerFrozen;
  }

  @Override
  public byte[] queryEncoder(RagParameters p) throws IOException {
    if (!queryFrozen) {
      return full.queryEncoder(p);
    }
    if (queryGraph == null) {
      queryGraph = full.queryEncoder(base);
    }
    return queryGraph;
  }

  @Override
  public byte[] reader(RagParameters p) throws IOException {
    if (!readerFrozen) {
      return full.reader(p);
    }
    if (readerEncoder == null) {
      readerEncoder = full.readerEncoder(base);
    }
    return RagExport.heads(p).appendTo(readerEncoder);
  }
}
