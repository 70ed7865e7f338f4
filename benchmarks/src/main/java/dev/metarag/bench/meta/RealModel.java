package dev.metarag.bench.meta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.metarag.training.model.RagModelSetup;
import dev.metarag.training.rag.RagModel;
import java.io.IOException;
import java.util.Map;

/**
 * The model the meta-trainer worker trains, from the same setup: pretrained MiniLM (from the model
 * jar on the classpath) as query encoder and reader, heads drawn with a seed; or, by name, the tiny
 * random model for quick checks.
 */
final class RealModel {
  private RealModel() {}

  /** The RAG objective's model with the worker's token limits and temperature. */
  static RagModel model(String name) throws IOException {
    return RagModelSetup.of(name).model();
  }

  /** Fresh parameters owned by {@code manager}: the encoders and seeded heads. */
  static Map<String, NDArray> initialParameters(String name, long seed, NDManager manager)
      throws IOException {
    return RagModelSetup.of(name).initialParameters(seed, manager).asMap();
  }
}
