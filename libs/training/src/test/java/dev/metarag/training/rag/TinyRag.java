package dev.metarag.training.rag;

import ai.djl.ndarray.NDManager;
import dev.metarag.inference.tokenize.WordPieceTokenizer;
import dev.metarag.training.MiniLm;
import dev.metarag.training.bert.BertConfig;
import dev.metarag.training.bert.BertParameters;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Random;

/** A tiny RAG model (2 layers, 32 wide) and three hand-written examples, for fast tests. */
public final class TinyRag {
  public static final BertConfig CONFIG = new BertConfig(2, 32, 4, 64, 1e-12f);
  private static WordPieceTokenizer tokenizer;

  private TinyRag() {}

  public static synchronized WordPieceTokenizer tokenizer() {
    if (tokenizer == null) {
      try {
        tokenizer = WordPieceTokenizer.fromJson(new ByteArrayInputStream(MiniLm.tokenizerJson()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return tokenizer;
  }

  public static RagModel model() {
    return new RagModel(CONFIG, tokenizer(), 16, 48, 0.05f);
  }

  public static RagParameters parameters(NDManager manager, long seed) {
    BertParameters encoder =
        BertParameters.random(CONFIG, tokenizer().vocabularySize(), 64, seed, manager);
    return RagParameters.initialize(encoder, CONFIG.hidden(), seed, manager);
  }

  public static float[] unit(long seed) {
    Random r = new Random(seed);
    float[] v = new float[CONFIG.hidden()];
    double n = 0;
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian();
      n += v[i] * v[i];
    }
    for (int i = 0; i < v.length; i++) {
      v[i] /= (float) Math.sqrt(n);
    }
    return v;
  }

  public static List<RagExample> examples() {
    Candidate battery =
        new Candidate("p1", "d1", "The battery lasts two days on one charge.", unit(1));
    Candidate kettle =
        new Candidate("p2", "d2", "The kettle boils water in three minutes.", unit(2));
    Candidate screen =
        new Candidate("p3", "d3", "The screen is bright and sharp outdoors.", unit(3));
    return List.of(
        new RagExample(
            "How long does the battery last?",
            List.of(battery, kettle, screen),
            List.of("two days")),
        new RagExample(
            "How fast does the kettle boil?",
            List.of(kettle, battery, screen),
            List.of("three minutes")),
        new RagExample(
            "How is the screen outside?",
            List.of(screen, kettle, battery),
            List.of("bright and sharp")));
  }
}
