package dev.metarag.bench.meta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.metarag.inference.encoder.MiniLmResources;
import dev.metarag.inference.tokenize.WordPieceTokenizer;
import dev.metarag.training.bert.BertConfig;
import dev.metarag.training.bert.BertParameters;
import dev.metarag.training.bert.MiniLmWeights;
import dev.metarag.training.onnx.OnnxModel;
import dev.metarag.training.rag.RagModel;
import dev.metarag.training.rag.RagParameters;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;

/**
 * The model the meta-trainer worker trains, built the same way: pretrained MiniLM (from the model
 * jar on the classpath) as query encoder and reader, heads drawn with a seed.
 */
final class RealModel {
  static final int HIDDEN = 384;

  private RealModel() {}

  /** The RAG objective's model with the worker's token limits and temperature. */
  static RagModel model() throws IOException {
    WordPieceTokenizer tokenizer =
        WordPieceTokenizer.fromJson(new ByteArrayInputStream(MiniLmResources.tokenizerJson()));
    return new RagModel(
        BertConfig.MINILM_L6,
        tokenizer,
        BenchmarkSettings.MAX_QUESTION_TOKENS,
        BenchmarkSettings.MAX_PAIR_TOKENS,
        BenchmarkSettings.TEMPERATURE);
  }

  /** Fresh parameters owned by {@code manager}: the pretrained encoders and seeded heads. */
  static Map<String, NDArray> initialParameters(long seed, NDManager manager) throws IOException {
    BertParameters pretrained =
        BertParameters.load(MiniLmWeights.from(OnnxModel.parse(MiniLmResources.model())), manager);
    Map<String, NDArray> params =
        RagParameters.initialize(pretrained, HIDDEN, seed, manager).asMap();
    // initialize copies the encoder twice; the loaded originals are no longer needed.
    pretrained.asMap().values().forEach(NDArray::close);
    return params;
  }
}
