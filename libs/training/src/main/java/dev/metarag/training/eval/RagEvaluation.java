package dev.metarag.training.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.metarag.training.rag.Candidate;
import dev.metarag.training.rag.RagExample;
import dev.metarag.training.rag.RagModel;
import dev.metarag.training.rag.RagParameters;
import dev.metarag.training.rag.RagReading;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores a model end to end, as served: for each question the query encoder embeds it, a {@link
 * PassageRanking} ranks {@value #RANKED_PASSAGES} passages by that embedding (recall@1, @5, @20 and
 * MRR@10 of the first relevant one), and the reader reads the first {@code readTopK} and picks a
 * span of at most {@code maxAnswerTokens} word pieces across them with serving's decoder (exact
 * match and F1, of every answer whatever its confidence). Below the serving threshold the generator
 * would abstain: the served figures count such an answer, or none, as 0. The RAG loss comes from
 * the same reading.
 */
public final class RagEvaluation {
  /** Passages ranked per question: enough for recall@20. */
  public static final int RANKED_PASSAGES = 20;

  /** Passages the reader reads by default, as serving does. */
  public static final int DEFAULT_READ_TOP_K = 5;

  /**
   * The longest answer by default, in word pieces: the generator's default for
   * AnswerRequest.max_answer_tokens.
   */
  public static final int DEFAULT_MAX_ANSWER_TOKENS = 30;

  private final RagModel model;
  private final int readTopK;
  private final double servedMinConfidence;
  private final AnswerDecoding decoding;

  /** Reads {@value #DEFAULT_READ_TOP_K} passages and serves every answer (threshold 0). */
  public RagEvaluation(RagModel model) {
    this(model, DEFAULT_READ_TOP_K, 0);
  }

  /** Answers of at most {@value #DEFAULT_MAX_ANSWER_TOKENS} word pieces. */
  public RagEvaluation(RagModel model, int readTopK, double servedMinConfidence) {
    this(model, readTopK, servedMinConfidence, DEFAULT_MAX_ANSWER_TOKENS);
  }

  /**
   * @param readTopK how many of the ranked passages the reader reads
   * @param servedMinConfidence the serving threshold: the answer confidence (p(passage) p(start)
   *     p(end), in [0, 1]) under which the generator abstains; 0 serves every answer found
   * @param maxAnswerTokens the longest answer considered, in word pieces
   */
  public RagEvaluation(
      RagModel model, int readTopK, double servedMinConfidence, int maxAnswerTokens) {
    if (readTopK < 1) {
      throw new IllegalArgumentException("readTopK must be at least 1, was " + readTopK);
    }
    if (maxAnswerTokens < 1) {
      throw new IllegalArgumentException(
          "maxAnswerTokens must be at least 1, was " + maxAnswerTokens);
    }
    this.model = model;
    this.readTopK = readTopK;
    this.servedMinConfidence = servedMinConfidence;
    this.decoding = new AnswerDecoding(maxAnswerTokens, model.temperature());
  }

  /**
   * The model's figures on the examples. Every array is built in a sub-manager of {@code manager},
   * closed after each example.
   */
  public EvaluationResult score(
      RagParameters params,
      List<EvaluationExample> examples,
      PassageRanking ranking,
      NDManager manager) {
    return EvaluationResult.of(scoreEach(params, examples, ranking, manager));
  }

  /** Each example's figures, in the examples' order ({@link EvaluationResult#of} sums them). */
  public List<ExampleScore> scoreEach(
      RagParameters params,
      List<EvaluationExample> examples,
      PassageRanking ranking,
      NDManager manager) {
    List<ExampleScore> scores = new ArrayList<>(examples.size());
    for (EvaluationExample e : examples) {
      try (NDManager scope = manager.newSubManager()) {
        scores.add(score(scores.size(), params, e, ranking, scope));
      }
    }
    return scores;
  }

  private ExampleScore score(
      int index,
      RagParameters params,
      EvaluationExample e,
      PassageRanking ranking,
      NDManager scope) {
    NDArray query = model.queryEmbeddings(params, List.of(e.question()), scope); // [1, H]
    float[] queryEmbedding = query.toFloatArray();
    List<Candidate> ranked = ranking.rank(e, queryEmbedding, RANKED_PASSAGES);
    ranked = ranked.subList(0, Math.min(RANKED_PASSAGES, ranked.size()));
    int firstRelevant = Relevance.firstRelevantRank(e, ranked);
    List<Candidate> read = ranked.subList(0, Math.min(readTopK, ranked.size()));
    if (read.isEmpty()) {
      return unanswered(index, e, firstRelevant, Double.NaN);
    }
    RagReading reading =
        model.read(params, new RagExample(e.question(), read, e.answers()), query, scope);
    double loss = reading.loss() == null ? Double.NaN : reading.loss().getFloat();
    AnswerDecoding.Answer answer = decoding.decode(reading, read, queryEmbedding);
    if (answer == null) {
      return unanswered(index, e, firstRelevant, loss);
    }
    return ExampleScore.of(
        index,
        firstRelevant,
        answer.text(),
        answer.confidence(),
        e.answers(),
        answer.confidence() < servedMinConfidence,
        loss);
  }

  /** No answer at all: "" with confidence 0, withheld under any threshold above 0. */
  private ExampleScore unanswered(int index, EvaluationExample e, int firstRelevant, double loss) {
    return ExampleScore.of(index, firstRelevant, "", 0, e.answers(), 0 < servedMinConfidence, loss);
  }
}
