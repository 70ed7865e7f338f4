package dev.metarag.generator.answer;

import dev.metarag.generator.serving.ServingSessions;
import dev.metarag.inference.reader.PassageLogits;
import dev.metarag.inference.reader.SpanChoice;
import dev.metarag.inference.reader.SpanDecoder;
import dev.metarag.inference.reader.SpanScores;
import dev.metarag.inference.tokenize.EncodedPair;
import dev.metarag.inference.tokenize.Token;
import dev.metarag.proto.v1.RetrievalMode;
import dev.metarag.proto.v1.RetrievedPassage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads the retrieved passages with a version's reader: one ONNX Runtime run over all question and
 * passage pairs, the best span across passages, and the same answer text where other passages hold
 * it on word-piece boundaries (the further citations), each with the reader's probability.
 */
final class PassageReader {

  Reading read(
      ServingSessions model,
      String question,
      List<RetrievedPassage> passages,
      RetrievalMode mode,
      int maxAnswerTokens) {
    List<EncodedPair> pairs = new ArrayList<>(passages.size());
    for (RetrievedPassage p : passages) {
      pairs.add(
          model
              .tokenizer()
              .encodePair(
                  question,
                  p.getText(),
                  model.settings().maxPairTokens(),
                  model.settings().maxQuestionTokens()));
    }
    List<PassageLogits> logits = model.reader().logits(pairs);
    float[] prior = RetrievalScores.of(passages, mode);
    float temperature = model.settings().temperature();
    int spansScored = SpanScores.spansScored(logits, maxAnswerTokens);
    SpanChoice best = new SpanDecoder(maxAnswerTokens, temperature).decode(logits, prior);
    if (best == null) {
      return new Reading(List.of(), spansScored);
    }
    List<Token> bestTokens = pairs.get(best.passage()).passageTokens();
    SpanHit first =
        new SpanHit(
            best.passage(),
            bestTokens.get(best.startToken()).start(),
            bestTokens.get(best.endToken()).end(),
            best.confidence());
    String answer = passages.get(first.passage()).getText().substring(first.start(), first.end());
    SpanScores probabilities = new SpanScores(logits, prior, temperature);
    List<SpanHit> others = new ArrayList<>();
    for (int z = 0; z < passages.size(); z++) {
      if (z != first.passage()) {
        SpanHit hit =
            sameAnswer(
                z, passages.get(z).getText(), answer, pairs.get(z), probabilities, maxAnswerTokens);
        if (hit != null) {
          others.add(hit);
        }
      }
    }
    others.sort(Comparator.comparingDouble(SpanHit::confidence).reversed());
    List<SpanHit> hits = new ArrayList<>(others.size() + 1);
    hits.add(first);
    hits.addAll(others);
    return new Reading(hits, spansScored);
  }

  /**
   * The most probable occurrence of {@code answer} in a passage whose ends fall on token boundaries
   * the reader could have chosen; null when there is none.
   */
  private static SpanHit sameAnswer(
      int passage,
      String text,
      String answer,
      EncodedPair pair,
      SpanScores probabilities,
      int maxAnswerTokens) {
    List<Token> tokens = pair.passageTokens();
    SpanHit best = null;
    for (int at = text.indexOf(answer); at >= 0; at = text.indexOf(answer, at + 1)) {
      int s = tokenStartingAt(tokens, at);
      int e = tokenEndingAt(tokens, at + answer.length());
      if (s < 0 || e < s || e - s >= maxAnswerTokens) {
        continue;
      }
      double confidence = probabilities.confidence(passage, s, e);
      if (best == null || confidence > best.confidence()) {
        best = new SpanHit(passage, at, at + answer.length(), confidence);
      }
    }
    return best;
  }

  private static int tokenStartingAt(List<Token> tokens, int offset) {
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.get(i).start() == offset) {
        return i;
      }
    }
    return -1;
  }

  private static int tokenEndingAt(List<Token> tokens, int offset) {
    for (int i = tokens.size() - 1; i >= 0; i--) {
      if (tokens.get(i).end() == offset) {
        return i;
      }
    }
    return -1;
  }
}
