package dev.metarag.inference.reader;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.metarag.inference.model.ModelPackage;
import dev.metarag.inference.onnx.OrtSessions;
import dev.metarag.inference.tokenize.EncodedPair;
import dev.metarag.inference.tokenize.Token;
import dev.metarag.inference.tokenize.WordPieceTokenizer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reader of a model package on ONNX Runtime: encodes the question with each passage, runs the
 * reader graph once for all passages, decodes the best span and maps it back to character offsets
 * in the passage and the document. Thread-safe.
 */
public final class OnnxReader implements AutoCloseable {
  private final OrtSession session;
  private final WordPieceTokenizer tokenizer;
  private final SpanDecoder decoder;
  private final int maxPairTokens;
  private final int maxQuestionTokens;

  public OnnxReader(
      OrtSession session,
      WordPieceTokenizer tokenizer,
      SpanDecoder decoder,
      int maxPairTokens,
      int maxQuestionTokens) {
    this.session = session;
    this.tokenizer = tokenizer;
    this.decoder = decoder;
    this.maxPairTokens = maxPairTokens;
    this.maxQuestionTokens = maxQuestionTokens;
  }

  /**
   * Opens the reader of a verified package. Settings come from the manifest's {@code reader} object
   * ({@code max_pair_tokens}, {@code max_question_tokens}, {@code temperature}).
   *
   * @param maxAnswerTokens longest answer span to consider
   */
  public static OnnxReader open(ModelPackage pkg, int maxAnswerTokens, int intraOpThreads) {
    var settings = pkg.manifest().path("reader");
    try {
      OrtSession session =
          OrtEnvironment.getEnvironment()
              .createSession(
                  pkg.file(ModelPackage.READER).toString(), OrtSessions.options(intraOpThreads));
      return new OnnxReader(
          session,
          WordPieceTokenizer.fromJson(pkg.file(ModelPackage.TOKENIZER)),
          new SpanDecoder(maxAnswerTokens, (float) settings.path("temperature").asDouble(0.05)),
          settings.path("max_pair_tokens").asInt(256),
          settings.path("max_question_tokens").asInt(64));
    } catch (OrtException e) {
      throw new IllegalArgumentException(
          pkg.directory() + ": reader.onnx cannot be loaded: " + e.getMessage(), e);
    }
  }

  /** The best answer across the passages, or null when they hold no tokens at all. */
  public ReaderAnswer read(String question, List<ReaderPassage> passages) {
    if (passages.isEmpty()) {
      return null;
    }
    List<EncodedPair> pairs = new ArrayList<>(passages.size());
    for (ReaderPassage p : passages) {
      pairs.add(tokenizer.encodePair(question, p.text(), maxPairTokens, maxQuestionTokens));
    }
    List<PassageLogits> logits = logits(pairs);
    float[] retrieval = new float[passages.size()];
    for (int i = 0; i < retrieval.length; i++) {
      retrieval[i] = passages.get(i).retrievalScore();
    }
    SpanChoice best = decoder.decode(logits, retrieval);
    if (best == null) {
      return null;
    }
    ReaderPassage passage = passages.get(best.passage());
    List<Token> tokens = pairs.get(best.passage()).passageTokens();
    int start = tokens.get(best.startToken()).start();
    int end = tokens.get(best.endToken()).end();
    return new ReaderAnswer(
        passage,
        passage.text().substring(start, end),
        start,
        end,
        passage.documentStart() + start,
        passage.documentStart() + end,
        best.confidence());
  }

  /** Runs the reader graph on encoded pairs; one entry per pair. */
  public List<PassageLogits> logits(List<EncodedPair> pairs) {
    int k = pairs.size();
    int width = pairs.stream().mapToInt(EncodedPair::length).max().orElse(0);
    long[] ids = new long[k * width];
    long[] mask = new long[k * width];
    long[] types = new long[k * width];
    for (int z = 0; z < k; z++) {
      EncodedPair p = pairs.get(z);
      for (int t = 0; t < p.length(); t++) {
        ids[z * width + t] = p.ids()[t];
        mask[z * width + t] = 1;
        types[z * width + t] = p.typeIds()[t];
      }
    }
    long[] shape = {k, width};
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OnnxTensor idTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
        OnnxTensor maskTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
        OnnxTensor typeTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape);
        OrtSession.Result out =
            session.run(
                Map.of(
                    "input_ids",
                    idTensor,
                    "attention_mask",
                    maskTensor,
                    "token_type_ids",
                    typeTensor),
                Set.of(ModelPackage.HEAD_LOGITS))) {
      float[][][] heads = (float[][][]) out.get(0).getValue();
      List<PassageLogits> result = new ArrayList<>(k);
      for (int z = 0; z < k; z++) {
        float[] start = new float[width];
        float[] end = new float[width];
        for (int t = 0; t < width; t++) {
          start[t] = heads[z][t][0];
          end[t] = heads[z][t][1];
        }
        EncodedPair p = pairs.get(z);
        result.add(
            new PassageLogits(
                start, end, heads[z][0][2], p.passageStart(), p.passageTokens().size()));
      }
      return result;
    } catch (OrtException e) {
      throw new IllegalStateException("reader inference failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("closing the reader session failed", e);
    }
  }
}
