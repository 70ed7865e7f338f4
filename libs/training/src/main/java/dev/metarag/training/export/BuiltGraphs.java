package dev.metarag.training.export;

import dev.metarag.inference.onnx.ReaderWeights;
import dev.metarag.training.rag.RagParameters;

/**
 * Graphs an export already built for a model, handed to {@link RagPackages#write} as they are: for
 * callers that run a model's graphs (to evaluate it as it will serve) before writing its package.
 * The parameters given to each method are ignored.
 */
public record BuiltGraphs(byte[] queryEncoder, byte[] reader, ReaderWeights readerWeights)
    implements GraphExport {

  /** Builds both graphs of {@code p} with {@code export}. */
  public static BuiltGraphs of(GraphExport export, RagParameters p) throws java.io.IOException {
    return new BuiltGraphs(export.queryEncoder(p), export.reader(p), export.readerWeights());
  }

  @Override
  public byte[] queryEncoder(RagParameters p) {
    return queryEncoder;
  }

  @Override
  public byte[] reader(RagParameters p) {
    return reader;
  }
}
