package dev.metarag.training.export;

import dev.metarag.inference.onnx.ReaderWeights;
import dev.metarag.training.rag.RagParameters;
import java.io.IOException;

/** Builds the ONNX graphs serving runs from a RAG model's parameters. */
public interface GraphExport {
  /** The query encoder's graph: sentence embeddings come from its {@code output_0}. */
  byte[] queryEncoder(RagParameters p) throws IOException;

  /** The reader's graph: {@code head_logits} per token, with the encoder's {@code output_0}. */
  byte[] reader(RagParameters p) throws IOException;

  /** How the reader graphs it builds store their encoder weights (recorded in the manifest). */
  ReaderWeights readerWeights();
}
