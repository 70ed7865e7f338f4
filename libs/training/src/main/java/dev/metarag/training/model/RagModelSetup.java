package dev.metarag.training.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.metarag.inference.encoder.MiniLmResources;
import dev.metarag.inference.onnx.OnnxModel;
import dev.metarag.inference.tokenize.WordPieceTokenizer;
import dev.metarag.training.bert.BertConfig;
import dev.metarag.training.bert.BertParameters;
import dev.metarag.training.bert.MiniLmWeights;
import dev.metarag.training.rag.RagModel;
import dev.metarag.training.rag.RagParameters;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;

/**
 * A RAG model by name: the pretrained MiniLM from the classpath ({@link #MINILM}), or a tiny random
 * BERT of the same width ({@link #TINY}, for tests). Both read the retriever's 384-dimensional
 * document embeddings and share the tokenizer, token limits and temperature.
 */
public final class RagModelSetup {
  /** all-MiniLM-L6-v2 with its pretrained weights; exportable to ONNX. */
  public static final String MINILM = "all-minilm-l6-v2";

  /** A one-layer random BERT: fast on a CPU, for tests; has no ONNX graph to export into. */
  public static final String TINY = "tiny";

  public static final int MAX_QUESTION_TOKENS = 48;
  public static final int MAX_PAIR_TOKENS = 256;
  public static final float TEMPERATURE = 0.05f;

  /** Width of the encoders and of the retriever's document embeddings. */
  public static final int HIDDEN = 384;

  /** The {@link #TINY} encoder: one layer, full width, a narrow feed-forward. */
  public static final BertConfig TINY_CONFIG = new BertConfig(1, HIDDEN, 4, 64, 1e-12f);

  private static final int TINY_MAX_POSITIONS = 512;

  private final String name;
  private final BertConfig config;
  private final byte[] tokenizerJson;
  private final WordPieceTokenizer tokenizer;
  private final boolean pretrained;
  private final RagModel model;

  private RagModelSetup(String name, BertConfig config, byte[] tokenizerJson, boolean pretrained)
      throws IOException {
    this.name = name;
    this.config = config;
    this.tokenizerJson = tokenizerJson;
    this.tokenizer = WordPieceTokenizer.fromJson(new ByteArrayInputStream(tokenizerJson));
    this.pretrained = pretrained;
    this.model = new RagModel(config, tokenizer, MAX_QUESTION_TOKENS, MAX_PAIR_TOKENS, TEMPERATURE);
  }

  /**
   * The setup of a model name.
   *
   * @throws IllegalArgumentException when the name is neither {@link #MINILM} nor {@link #TINY}
   * @throws IOException when the MiniLM files are not on the classpath
   */
  public static RagModelSetup of(String model) throws IOException {
    return switch (model) {
      case MINILM ->
          new RagModelSetup(model, BertConfig.MINILM_L6, MiniLmResources.tokenizerJson(), true);
      case TINY -> new RagModelSetup(model, TINY_CONFIG, MiniLmResources.tokenizerJson(), false);
      default ->
          throw new IllegalArgumentException(
              "unknown model '" + model + "': expected " + MINILM + " or " + TINY);
    };
  }

  /** The model's name, {@link #MINILM} or {@link #TINY}. */
  public String name() {
    return name;
  }

  public BertConfig config() {
    return config;
  }

  public WordPieceTokenizer tokenizer() {
    return tokenizer;
  }

  /** The tokenizer in Hugging Face's tokenizer.json format, as a model package holds it. */
  public byte[] tokenizerJson() {
    return tokenizerJson.clone();
  }

  /**
   * The pretrained ONNX graph trained weights are exported into; empty for {@link #TINY}. Parsed
   * anew on every call and not kept: it takes a few hundred MB of heap and is needed only to start
   * from the pretrained weights and to export.
   */
  public Optional<OnnxModel> onnxBase() throws IOException {
    return pretrained ? Optional.of(OnnxModel.parse(MiniLmResources.model())) : Optional.empty();
  }

  /** The RAG objective's model with this setup's encoder, tokenizer, limits and temperature. */
  public RagModel model() {
    return model;
  }

  /**
   * Fresh parameters owned by {@code manager}: both encoders pretrained (or random, drawn with the
   * seed) and the heads drawn with the seed.
   */
  public RagParameters initialParameters(long seed, NDManager manager) throws IOException {
    Optional<OnnxModel> base = onnxBase();
    BertParameters encoder =
        base.isPresent()
            ? BertParameters.load(MiniLmWeights.from(base.get()), manager)
            : BertParameters.random(
                config, tokenizer.vocabularySize(), TINY_MAX_POSITIONS, seed, manager);
    RagParameters params = RagParameters.initialize(encoder, HIDDEN, seed, manager);
    // initialize copies the encoder twice (query encoder and reader): the loaded one is spare.
    encoder.asMap().values().forEach(NDArray::close);
    return params;
  }
}
