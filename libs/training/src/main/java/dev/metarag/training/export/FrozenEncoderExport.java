package dev.metarag.training.export;

import dev.metarag.inference.onnx.ReaderWeights;
import dev.metarag.training.rag.RagParameters;
import java.io.IOException;

/**
 * Exports models that share a base model's encoders and differ only in what an adaptation changed
 * (ANIL: the heads). The encoders' graphs are built once from the base ({@link EncoderGraphs}) and
 * reused for every export, which then writes only the new heads into the reader graph: seconds
 * saved per export of a MiniLM model. Encoders that are not frozen are exported from the parameters
 * as usual. Not thread-safe.
 */
public final class FrozenEncoderExport implements GraphExport {
  private final RagExport full;
  private final EncoderGraphs base;
  private final boolean queryFrozen;
  private final boolean readerFrozen;

  /**
   * @param base the parameters whose encoders the exported models share
   * @param queryFrozen whether exported models have the base's query encoder
   * @param readerFrozen whether exported models have the base's reader encoder
   */
  public FrozenEncoderExport(
      RagExport full, RagParameters base, boolean queryFrozen, boolean readerFrozen) {
    this(full, new EncoderGraphs(full, base), queryFrozen, readerFrozen);
  }

  /** As above, with the base's graphs built (or to be built) by the caller's {@code base}. */
  public FrozenEncoderExport(
      RagExport full, EncoderGraphs base, boolean queryFrozen, boolean readerFrozen) {
    this.full = full;
    this.base = base;
    this.queryFrozen = queryFrozen;
    this.readerFrozen = readerFrozen;
  }

  @Override
  public byte[] queryEncoder(RagParameters p) throws IOException {
    return queryFrozen ? base.queryEncoder() : full.queryEncoder(p);
  }

  @Override
  public byte[] reader(RagParameters p) throws IOException {
    return readerFrozen ? RagExport.heads(p).appendTo(base.readerEncoder()) : full.reader(p);
  }

  @Override
  public ReaderWeights readerWeights() {
    return full.readerWeights();
  }
}
