package dev.metarag.training.bert;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.metarag.inference.encoder.EncoderLoader;
import dev.metarag.inference.encoder.EncoderOptions;
import dev.metarag.inference.encoder.EncoderPackage;
import dev.metarag.inference.encoder.SentenceEncoder;
import dev.metarag.inference.onnx.FloatTensor;
import dev.metarag.inference.onnx.OnnxModel;
import dev.metarag.inference.tokenize.EncodedText;
import dev.metarag.inference.tokenize.WordPieceTokenizer;
import dev.metarag.training.MiniLm;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DJL forward pass and ONNX Runtime agree on the pretrained model, and still agree after
 * weights changed in DJL are written back into the ONNX graph.
 */
class FunctionalBertParityTest {
  private static final List<String> TEXTS =
      List.of(
          "How long does the battery last?",
          "We share your email address with advertising partners so that they can show offers.",
          "short");

  private static NDManager manager;
  private static OnnxModel onnx;
  private static MiniLmWeights weights;
  private static WordPieceTokenizer tokenizer;

  @BeforeAll
  static void load() throws Exception {
    manager = NDManager.newBaseManager("PyTorch");
    onnx = OnnxModel.parse(MiniLm.onnxBytes());
    weights = MiniLmWeights.from(onnx);
    tokenizer = WordPieceTokenizer.fromJson(new ByteArrayInputStream(MiniLm.tokenizerJson()));
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  /** Sentence embeddings from the DJL forward pass, with padding to the longest text. */
  private static float[][] djlEmbeddings(BertParameters params) {
    try (NDManager scope = manager.newSubManager()) {
      int width = 0;
      EncodedText[] encoded = new EncodedText[TEXTS.size()];
      for (int i = 0; i < encoded.length; i++) {
        encoded[i] = tokenizer.encode(TEXTS.get(i), 256);
        width = Math.max(width, encoded[i].length());
      }
      long[] ids = new long[TEXTS.size() * width];
      long[] mask = new long[ids.length];
      for (int r = 0; r < encoded.length; r++) {
        for (int t = 0; t < encoded[r].length(); t++) {
          ids[r * width + t] = encoded[r].ids()[t];
          mask[r * width + t] = 1;
        }
      }
      Shape shape = new Shape(TEXTS.size(), width);
      NDArray idArray = scope.create(ids, shape);
      NDArray maskArray = scope.create(mask, shape);
      NDArray hidden =
          new FunctionalBert(BertConfig.MINILM_L6)
              .forward(
                  params,
                  idArray,
                  maskArray,
                  scope.zeros(shape, ai.djl.ndarray.types.DataType.INT64));
      NDArray pooled = FunctionalBert.meanPoolNormalized(hidden, maskArray);
      float[][] out = new float[TEXTS.size()][];
      for (int r = 0; r < out.length; r++) {
        out[r] = pooled.get(r).toFloatArray();
      }
      return out;
    }
  }

  private static double maxAbsDifference(float[][] a, float[][] b) {
    double max = 0;
    for (int r = 0; r < a.length; r++) {
      for (int d = 0; d < a[r].length; d++) {
        max = Math.max(max, Math.abs(a[r][d] - b[r][d]));
      }
    }
    return max;
  }

  private static float[][] ortEmbeddings(SentenceEncoder encoder) {
    return encoder.embed(TEXTS);
  }

  @Test
  void pretrainedEmbeddingsMatchOnnxRuntime() {
    try (NDManager scope = manager.newSubManager();
        SentenceEncoder ort =
            EncoderLoader.builtin(EncoderLoader.BUILTIN_MINILM, EncoderOptions.defaults())) {
      float[][] djl = djlEmbeddings(BertParameters.load(weights, scope));

      assertThat(maxAbsDifference(djl, ortEmbeddings(ort))).isLessThanOrEqualTo(1e-5);
    }
  }

  @Test
  void changedWeightsWrittenBackGiveTheSameEmbeddingsInOnnxRuntime(@TempDir Path dir)
      throws Exception {
    try (NDManager scope = manager.newSubManager()) {
      BertParameters params = BertParameters.load(weights, scope);
      // A stand-in for a training step: perturb every weight of the top layer and the embeddings'
      // norm.
      Map<String, NDArray> changed = new HashMap<>(params.asMap());
      changed.replaceAll(
          (name, a) ->
              name.startsWith("encoder.layer.5.") || name.startsWith("embeddings.LayerNorm")
                  ? a.add(a.getManager().randomNormal(0f, 0.01f, a.getShape(), a.getDataType()))
                  : a);
      BertParameters trained = new BertParameters(changed);
      Map<String, FloatTensor> writeBack = new HashMap<>();
      trained
          .toTensors()
          .forEach(
              (name, t) ->
                  writeBack.put(
                      weights.onnxName(name),
                      new FloatTensor(weights.onnxName(name), t.dims(), t.data())));
      Files.write(dir.resolve(EncoderPackage.QUERY_ENCODER_FILE), onnx.withInitializers(writeBack));
      Files.write(dir.resolve(EncoderPackage.TOKENIZER_FILE), MiniLm.tokenizerJson());

      float[][] djl = djlEmbeddings(trained);
      try (SentenceEncoder exported =
              EncoderLoader.fromPackage(dir, "test", EncoderOptions.defaults());
          SentenceEncoder original =
              EncoderLoader.builtin(EncoderLoader.BUILTIN_MINILM, EncoderOptions.defaults())) {
        float[][] ort = ortEmbeddings(exported);
        assertThat(maxAbsDifference(djl, ort)).isLessThanOrEqualTo(1e-4);
        // And the change is real: the exported model differs from the pretrained one.
        assertThat(maxAbsDifference(ort, ortEmbeddings(original))).isGreaterThan(1e-3);
      }
    }
  }
}
