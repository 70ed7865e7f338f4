package dev.metarag.worker;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.metarag.data.eval.SquadMetrics;
import dev.metarag.inference.reader.PassageLogits;
import dev.metarag.inference.reader.SpanChoice;
import dev.metarag.inference.reader.SpanDecoder;
import dev.metarag.inference.tokenize.EncodedPair;
import dev.metarag.inference.tokenize.Token;
import dev.metarag.jobs.ProgressEvent;
import dev.metarag.training.model.RagModelSetup;
import dev.metarag.training.rag.Candidate;
import dev.metarag.training.rag.RagExample;
import dev.metarag.training.rag.RagLoss;
import dev.metarag.training.rag.RagParameters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scores a model on labelled questions with their retrieval candidates, end to end: the query
 * encoder ranks the candidates (recall@1 and @5 of a passage containing an answer), the reader
 * picks a span across them as served (exact match and F1), and the mean RAG loss.
 */
final class Evaluation {
  private static final int MAX_ANSWER_TOKENS = 64;
  private final RagModelSetup setup;
  private final SpanDecoder decoder = new SpanDecoder(MAX_ANSWER_TOKENS, RagModelSetup.TEMPERATURE);

  Evaluation(RagModelSetup setup) {
    this.setup = setup;
  }

  ProgressEvent.Metrics score(RagParameters params, List<RagExample> examples, NDManager manager) {
    double em = 0;
    double f1 = 0;
    double r1 = 0;
    double r5 = 0;
    double loss = 0;
    int lossCount = 0;
    for (RagExample e : examples) {
      try (NDManager scope = manager.newSubManager()) {
        float[] retrieval = retrievalScores(params, e, scope);
        int firstRelevant = firstRelevantRank(e, retrieval);
        r1 += firstRelevant == 1 ? 1 : 0;
        r5 += firstRelevant >= 1 && firstRelevant <= 5 ? 1 : 0;
        String prediction = read(params, e, retrieval, scope);
        em += SquadMetrics.exactMatch(prediction, e.answers());
        f1 += SquadMetrics.f1(prediction, e.answers());
        RagLoss l = setup.model().loss(params, List.of(e), scope);
        if (l.loss() != null) {
          loss += l.loss().getFloat();
          lossCount++;
        }
      }
    }
    int n = Math.max(1, examples.size());
    return new ProgressEvent.Metrics(
        em / n, f1 / n, r1 / n, r5 / n, lossCount == 0 ? 0 : loss / lossCount, examples.size());
  }

  /** Mean of several domains' figures, weighted by their example counts. */
  static ProgressEvent.Metrics mean(List<ProgressEvent.Metrics> all) {
    int n = all.stream().mapToInt(ProgressEvent.Metrics::examples).sum();
    if (n == 0) {
      return new ProgressEvent.Metrics(0, 0, 0, 0, 0, 0);
    }
    double em = 0, f1 = 0, r1 = 0, r5 = 0, loss = 0;
    for (ProgressEvent.Metrics m : all) {
      em += m.exactMatch() * m.examples();
      f1 += m.f1() * m.examples();
      r1 += m.recallAt1() * m.examples();
      r5 += m.recallAt5() * m.examples();
      loss += m.loss() * m.examples();
    }
    return new ProgressEvent.Metrics(em / n, f1 / n, r1 / n, r5 / n, loss / n, n);
  }

  private float[] retrievalScores(RagParameters params, RagExample e, NDManager scope) {
    NDArray q = setup.model().queryEmbeddings(params, List.of(e.question()), scope);
    float[] query = q.toFloatArray();
    float[] scores = new float[e.candidates().size()];
    for (int z = 0; z < scores.length; z++) {
      float[] d = e.candidates().get(z).embedding();
      float dot = 0;
      for (int i = 0; i < Math.min(d.length, query.length); i++) {
        dot += query[i] * d[i];
      }
      scores[z] = dot;
    }
    return scores;
  }

  /**
   * 1-based rank, under the query encoder's scores, of the first passage with an answer; 0 if none.
   */
  private static int firstRelevantRank(RagExample e, float[] scores) {
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Float.compare(scores[b], scores[a]));
    for (int rank = 0; rank < order.length; rank++) {
      Candidate c = e.candidates().get(order[rank]);
      if (e.answers().stream().anyMatch(a -> !a.isBlank() && c.text().contains(a))) {
        return rank + 1;
      }
    }
    return 0;
  }

  private String read(RagParameters params, RagExample e, float[] retrieval, NDManager scope) {
    List<EncodedPair> pairs = new ArrayList<>();
    for (Candidate c : e.candidates()) {
      pairs.add(
          setup
              .tokenizer()
              .encodePair(
                  e.question(),
                  c.text(),
                  RagModelSetup.MAX_PAIR_TOKENS,
                  RagModelSetup.MAX_QUESTION_TOKENS));
    }
    if (pairs.isEmpty()) {
      return "";
    }
    NDArray logits = setup.model().headLogits(params, pairs, scope); // [k, T, 3]
    int width = (int) logits.getShape().get(1);
    float[] all = logits.toFloatArray();
    List<PassageLogits> passages = new ArrayList<>(pairs.size());
    for (int z = 0; z < pairs.size(); z++) {
      float[] start = new float[width];
      float[] end = new float[width];
      for (int t = 0; t < width; t++) {
        start[t] = all[(z * width + t) * 3];
        end[t] = all[(z * width + t) * 3 + 1];
      }
      EncodedPair pair = pairs.get(z);
      int first = pair.passageTokens().isEmpty() ? 0 : pair.position(0);
      passages.add(
          new PassageLogits(
              start, end, all[(z * width) * 3 + 2], first, pair.passageTokens().size()));
    }
    SpanChoice best = decoder.decode(passages, retrieval);
    if (best == null) {
      return "";
    }
    List<Token> tokens = pairs.get(best.passage()).passageTokens();
    String text = e.candidates().get(best.passage()).text();
    return text.substring(tokens.get(best.startToken()).start(), tokens.get(best.endToken()).end());
  }
}
