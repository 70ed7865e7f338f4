package dev.metarag.training.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.metarag.data.eval.SquadMetrics;
import dev.metarag.training.rag.Candidate;
import dev.metarag.training.rag.RagExample;
import dev.metarag.training.rag.RagModel;
import dev.metarag.training.rag.RagParameters;
import dev.metarag.training.rag.RagReading;
import java.util.List;

/**
 * Scores a model end to end, as served: for each question the query encoder embeds it, a {@link
 * PassageRanking} ranks {@value #RANKED_PASSAGES} passages by that embedding (recall@1, @5, @20 and
 * MRR@10 of the first relevant one), and the reader reads the first {@code readTopK} and picks a
 * span across them with serving's decoder (exact match and F1). Below a confidence threshold the
 * model abstains and answers "". The RAG loss comes from the same reading.
 */
public final class RagEvaluation {
  /** Passages ranked per question: enough for recall@20. */
  public static final int RANKED_PASSAGES = 20;

  /** Passages the reader reads by default, as serving does. */
  public static final int DEFAULT_READ_TOP_K = 5;

  private final RagModel model;
  private final int readTopK;
  private final double abstainBelow;
  private final AnswerDecoding decoding;

  /** Reads {@value #DEFAULT_READ_TOP_K} passages and never abstains. */
  public RagEvaluation(RagModel model) {
    this(model, DEFAULT_READ_TOP_K, 0);
  }

  /**
   * @param readTopK how many of the ranked passages the reader reads
   * @param abstainBelow the answer confidence (p(passage) p(start) p(end), in [0, 1]) under which
   *     the model abstains; 0 never abstains
   */
  public RagEvaluation(RagModel model, int readTopK, double abstainBelow) {
    if (readTopK < 1) {
      throw new IllegalArgumentException("readTopK must be at least 1, was " + readTopK);
    }
    this.model = model;
    this.readTopK = readTopK;
    this.abstainBelow = abstainBelow;
    this.decoding = new AnswerDecoding(model.temperature());
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
    ResultTally tally = new ResultTally();
    for (EvaluationExample e : examples) {
      try (NDManager scope = manager.newSubManager()) {
        tally.add(score(params, e, ranking, scope));
      }
    }
    return tally.result();
  }

  private ExampleScore score(
      RagParameters params, EvaluationExample e, PassageRanking ranking, NDManager scope) {
    NDArray query = model.queryEmbeddings(params, List.of(e.question()), scope); // [1, H]
    float[] queryEmbedding = query.toFloatArray();
    List<Candidate> ranked = ranking.rank(e, queryEmbedding, RANKED_PASSAGES);
    ranked = ranked.subList(0, Math.min(RANKED_PASSAGES, ranked.size()));
    int firstRelevant = Relevance.firstRelevantRank(e, ranked);
    List<Candidate> read = ranked.subList(0, Math.min(readTopK, ranked.size()));
    if (read.isEmpty()) {
      return answered(e, firstRelevant, "", false, Double.NaN);
    }
    RagReading reading =
        model.read(params, new RagExample(e.question(), read, e.answers()), query, scope);
    double loss = reading.loss() == null ? Double.NaN : reading.loss().getFloat();
    AnswerDecoding.Answer answer = decoding.decode(reading, read, queryEmbedding);
    if (answer == null) {
      return answered(e, firstRelevant, "", false, loss);
    }
    if (answer.confidence() < abstainBelow) {
      return answered(e, firstRelevant, "", true, loss);
    }
    return answered(e, firstRelevant, answer.text(), false, loss);
  }

  private static ExampleScore answered(
      EvaluationExample e, int firstRelevant, String prediction, boolean abstained, double loss) {
    return new ExampleScore(
        firstRelevant,
        SquadMetrics.exactMatch(prediction, e.answers()),
        SquadMetrics.f1(prediction, e.answers()),
        abstained,
        loss);
  }
}
