package dev.metarag.worker;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.metarag.inference.encoder.MiniLmResources;
import dev.metarag.inference.tokenize.WordPieceTokenizer;
import dev.metarag.jobs.WorkerConfig;
import dev.metarag.training.bert.BertConfig;
import dev.metarag.training.bert.BertParameters;
import dev.metarag.training.bert.MiniLmWeights;
import dev.metarag.training.onnx.OnnxModel;
import dev.metarag.training.rag.RagModel;
import dev.metarag.training.rag.RagParameters;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The model a job trains: the pretrained MiniLM from the classpath, or a tiny random BERT of the
 * same width (tests). Both read the retriever's 384-dimensional document embeddings.
 */
final class ModelSetup {
  static final int MAX_QUESTION_TOKENS = 48;
  static final int MAX_PAIR_TOKENS = 256;
  static final float TEMPERATURE = 0.05f;
  static final int HIDDEN = 384;

  /** One layer, full width (the embeddings' dimension), a narrow feed-forward: fast on a CPU. */
  static final BertConfig TINY = new BertConfig(1, HIDDEN, 4, 64, 1e-12f);

  final String name;
  final BertConfig config;
  final WordPieceTokenizer tokenizer;
  final byte[] tokenizerJson;
  final OnnxModel onnxBase; // null for the tiny model, which has no ONNX graph to export into
  final RagModel model;

  private ModelSetup(String name, BertConfig config, byte[] tokenizerJson, OnnxModel onnxBase) {
    this.name = name;
    this.config = config;
    this.tokenizerJson = tokenizerJson;
    try {
      this.tokenizer = WordPieceTokenizer.fromJson(new ByteArrayInputStream(tokenizerJson));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.onnxBase = onnxBase;
    this.model = new RagModel(config, tokenizer, MAX_QUESTION_TOKENS, MAX_PAIR_TOKENS, TEMPERATURE);
  }

  static ModelSetup of(String model) throws IOException {
    byte[] tokenizerJson = MiniLmResources.tokenizerJson();
    return switch (model) {
      case WorkerConfig.MODEL_MINILM ->
          new ModelSetup(
              model, BertConfig.MINILM_L6, tokenizerJson, OnnxModel.parse(MiniLmResources.model()));
      case WorkerConfig.MODEL_TINY -> new ModelSetup(model, TINY, tokenizerJson, null);
      default -> throw new IllegalArgumentException("unknown model '" + model + "'");
    };
  }

  /** Fresh parameters: pretrained encoders (or random ones) and heads drawn with the seed. */
  RagParameters initialParameters(long seed, NDManager manager) {
    BertParameters encoder =
        onnxBase != null
            ? BertParameters.load(MiniLmWeights.from(onnxBase), manager)
            : BertParameters.random(config, tokenizer.vocabularySize(), 512, seed, manager);
    RagParameters params = RagParameters.initialize(encoder, HIDDEN, seed, manager);
    // initialize copies the encoder twice (query encoder and reader): the loaded one is spare.
    encoder.asMap().values().forEach(NDArray::close);
    return params;
  }
}
