package dev.metarag.training.eval;

import dev.metarag.inference.reader.PassageLogits;
import dev.metarag.inference.reader.SpanChoice;
import dev.metarag.inference.reader.SpanDecoder;
import dev.metarag.inference.tokenize.EncodedPair;
import dev.metarag.inference.tokenize.Token;
import dev.metarag.training.rag.Candidate;
import dev.metarag.training.rag.RagReading;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the reader's logits over the read passages into an answer, with serving's span decoder, so
 * that evaluation scores the answers serving would give.
 */
final class AnswerDecoding {

  /**
   * The best span and its text.
   *
   * @param confidence p(passage | question) x p(start) x p(end)
   */
  record Answer(String text, double confidence) {}

  private final SpanDecoder decoder;

  /**
   * @param maxAnswerTokens the longest answer considered, in word pieces
   */
  AnswerDecoding(int maxAnswerTokens, float temperature) {
    this.decoder = new SpanDecoder(maxAnswerTokens, temperature);
  }

  /**
   * @param passages the read passages, in the order {@code reading} holds them
   * @param queryEmbedding the question's embedding, for each passage's retrieval score
   * @return the answer, or null when no passage kept a token
   */
  Answer decode(RagReading reading, List<Candidate> passages, float[] queryEmbedding) {
    float[] retrieval = new float[passages.size()];
    for (int z = 0; z < retrieval.length; z++) {
      retrieval[z] = Similarity.dot(queryEmbedding, passages.get(z).embedding());
    }
    SpanChoice best = decoder.decode(passageLogits(reading), retrieval);
    if (best == null) {
      return null;
    }
    List<Token> tokens = reading.pairs().get(best.passage()).passageTokens();
    String text = passages.get(best.passage()).text();
    return new Answer(
        text.substring(tokens.get(best.startToken()).start(), tokens.get(best.endToken()).end()),
        best.confidence());
  }

  /** The [k, T, 3] head logits split per passage, as serving's reader hands them over. */
  private static List<PassageLogits> passageLogits(RagReading reading) {
    List<EncodedPair> pairs = reading.pairs();
    int width = (int) reading.headLogits().getShape().get(1);
    float[] all = reading.headLogits().toFloatArray();
    List<PassageLogits> out = new ArrayList<>(pairs.size());
    for (int z = 0; z < pairs.size(); z++) {
      float[] start = new float[width];
      float[] end = new float[width];
      for (int t = 0; t < width; t++) {
        start[t] = all[(z * width + t) * 3];
        end[t] = all[(z * width + t) * 3 + 1];
      }
      EncodedPair pair = pairs.get(z);
      int first = pair.passageTokens().isEmpty() ? 0 : pair.position(0);
      // Relevance is read at [CLS], position 0.
      out.add(
          new PassageLogits(
              start, end, all[(z * width) * 3 + 2], first, pair.passageTokens().size()));
    }
    return out;
  }
}
