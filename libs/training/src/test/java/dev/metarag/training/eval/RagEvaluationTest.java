package dev.metarag.training.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.metarag.training.rag.Candidate;
import dev.metarag.training.rag.RagExample;
import dev.metarag.training.rag.RagModel;
import dev.metarag.training.rag.RagParameters;
import dev.metarag.training.rag.TinyRag;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** End-to-end scoring of the tiny RAG model (2 layers, 32 wide). */
class RagEvaluationTest {
  private static final String QUESTION = "How long does the battery last?";
  private final RagModel model = TinyRag.model();
  private NDManager manager;
  private RagParameters params;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager("PyTorch");
    params = TinyRag.parameters(manager, 11);
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private static Candidate passage(String documentId, String text, float[] embedding) {
    return new Candidate(documentId + "#0", documentId, text, embedding);
  }

  /** {@code n} passages in this order; only the one at {@code answerRank} holds the answer. */
  private static List<Candidate> answerAtRank(int answerRank, int n) {
    List<Candidate> out = new ArrayList<>();
    for (int rank = 1; rank <= n; rank++) {
      String text =
          rank == answerRank
              ? "The battery lasts two days on one charge."
              : "Shop number " + rank + " sells kettles.";
      out.add(passage("d" + rank, text, TinyRag.unit(rank)));
    }
    return out;
  }

  private static EvaluationExample battery(String goldDocumentId) {
    return new EvaluationExample(QUESTION, List.of("two days"), goldDocumentId, List.of());
  }

  @Test
  void recallAndMrrFollowTheOrderTheSearchReturns() {
    List<Integer> asked = new ArrayList<>();
    PassageRanking search =
        PassageRanking.search(
            (question, embedding, k) -> {
              assertThat(question).isEqualTo(QUESTION);
              assertThat(embedding).hasSize(TinyRag.CONFIG.hidden());
              asked.add(k);
              return answerAtRank(3, 25);
            });

    EvaluationResult r =
        new RagEvaluation(model).score(params, List.of(battery("")), search, manager);

    assertThat(asked).containsExactly(RagEvaluation.RANKED_PASSAGES);
    assertThat(r.examples()).isEqualTo(1);
    assertThat(r.recallAt1()).isZero();
    assertThat(r.recallAt5()).isEqualTo(1);
    assertThat(r.recallAt20()).isEqualTo(1);
    assertThat(r.mrrAt10()).isCloseTo(1 / 3.0, within(1e-9));
  }

  @Test
  void aRelevantPassageBeyondRankTwentyOrTenCountsOnlyWhereItIsWithinReach() {
    EvaluationResult rank7 = scoreWithAnswerAt(7);
    EvaluationResult rank15 = scoreWithAnswerAt(15);
    EvaluationResult rank21 = scoreWithAnswerAt(21);

    assertThat(rank7.recallAt5()).isZero();
    assertThat(rank7.recallAt20()).isEqualTo(1);
    assertThat(rank7.mrrAt10()).isCloseTo(1 / 7.0, within(1e-9));
    assertThat(rank15.recallAt20()).isEqualTo(1);
    assertThat(rank15.mrrAt10()).isZero();
    assertThat(rank21.recallAt20()).isZero();
  }

  private EvaluationResult scoreWithAnswerAt(int rank) {
    PassageRanking search = PassageRanking.search((q, embedding, k) -> answerAtRank(rank, 25));
    return new RagEvaluation(model).score(params, List.of(battery("")), search, manager);
  }

  @Test
  void aGoldDocumentOverridesTheAnswerText() {
    // d1 holds the answer text, d3 is the gold document.
    PassageRanking search = PassageRanking.search((q, embedding, k) -> answerAtRank(1, 5));

    EvaluationResult byAnswer =
        new RagEvaluation(model).score(params, List.of(battery("")), search, manager);
    EvaluationResult byGold =
        new RagEvaluation(model).score(params, List.of(battery("d3")), search, manager);

    assertThat(byAnswer.recallAt1()).isEqualTo(1);
    assertThat(byGold.recallAt1()).isZero();
    assertThat(byGold.mrrAt10()).isCloseTo(1 / 3.0, within(1e-9));
  }

  @Test
  void theQueryEncoderRanksAnExamplesOwnCandidatesByTheirEmbeddings() {
    float[] q = model.queryEmbeddings(params, List.of(QUESTION), manager).toFloatArray();
    float[] opposite = new float[q.length];
    for (int i = 0; i < q.length; i++) {
      opposite[i] = -q[i];
    }
    Candidate away = passage("away", "The battery lasts two days on one charge.", opposite);
    Candidate neutral = passage("neutral", "The kettle boils water.", new float[q.length]);
    Candidate close = passage("close", "The screen is bright.", q);
    EvaluationExample e =
        new EvaluationExample(QUESTION, List.of("two days"), "", List.of(away, neutral, close));

    assertThat(PassageRanking.byQueryEncoder().rank(e, q, 20))
        .containsExactly(close, neutral, away);
    assertThat(PassageRanking.byQueryEncoder().rank(e, q, 2)).containsExactly(close, neutral);
    EvaluationResult r =
        new RagEvaluation(model)
            .score(params, List.of(e), PassageRanking.byQueryEncoder(), manager);
    assertThat(r.recallAt1()).isZero();
    assertThat(r.mrrAt10()).isCloseTo(1 / 3.0, within(1e-9));
  }

  @Test
  void theLossIsTheRagLossOfThePassagesRead() {
    List<RagExample> examples = TinyRag.examples();
    List<EvaluationExample> evaluated = examples.stream().map(EvaluationExample::of).toList();

    EvaluationResult r =
        new RagEvaluation(model).score(params, evaluated, PassageRanking.byQueryEncoder(), manager);

    // Three candidates each, all read: the loss of training on them, whatever their order.
    float trainingLoss = model.loss(params, examples, manager).loss().getFloat();
    assertThat(r.lossExamples()).isEqualTo(3);
    assertThat(r.loss()).isCloseTo(trainingLoss, within(1e-4));
  }

  @Test
  void aThresholdAboveEveryConfidenceWithholdsEveryAnswerAsServedOnly() {
    List<EvaluationExample> evaluated =
        TinyRag.examples().stream().map(EvaluationExample::of).toList();

    EvaluationResult never =
        new RagEvaluation(model).score(params, evaluated, PassageRanking.byQueryEncoder(), manager);
    EvaluationResult always =
        new RagEvaluation(model, RagEvaluation.DEFAULT_READ_TOP_K, 1.01)
            .score(params, evaluated, PassageRanking.byQueryEncoder(), manager);

    // Threshold 0 serves every answer: the served figures are the figures.
    assertThat(never.abstained()).isZero();
    assertThat(never.servedExactMatch()).isEqualTo(never.exactMatch());
    assertThat(never.servedF1()).isEqualTo(never.f1());
    assertThat(never.f1()).isPositive();
    // Above every confidence: every answer is withheld as served, and still scored as given.
    assertThat(always.abstained()).isEqualTo(3);
    assertThat(always.servedExactMatch()).isZero();
    assertThat(always.servedF1()).isZero();
    assertThat(always.exactMatch()).isEqualTo(never.exactMatch());
    assertThat(always.f1()).isEqualTo(never.f1());
  }

  @Test
  void eachExampleIsScoredInOrderAndTheFiguresAreTheirMeans() {
    List<EvaluationExample> evaluated =
        TinyRag.examples().stream().map(EvaluationExample::of).toList();
    RagEvaluation evaluation = new RagEvaluation(model, RagEvaluation.DEFAULT_READ_TOP_K, 0.5);

    List<ExampleScore> each =
        evaluation.scoreEach(params, evaluated, PassageRanking.byQueryEncoder(), manager);
    EvaluationResult r =
        evaluation.score(params, evaluated, PassageRanking.byQueryEncoder(), manager);

    assertThat(each).extracting(ExampleScore::index).containsExactly(0, 1, 2);
    assertThat(EvaluationResult.of(each)).isEqualTo(r);
    for (ExampleScore s : each) {
      assertThat(s.answer()).isNotEmpty();
      assertThat(s.confidence()).isBetween(0.0, 1.0);
      assertThat(s.abstained()).isEqualTo(s.confidence() < 0.5);
      assertThat(s.servedF1()).isEqualTo(s.abstained() ? 0 : s.f1());
    }
    assertThat(each.stream().mapToDouble(ExampleScore::f1).average().orElseThrow())
        .isCloseTo(r.f1(), within(1e-12));
    assertThat(r.abstained())
        .isEqualTo((int) each.stream().filter(ExampleScore::abstained).count());
  }

  @Test
  void answersAreSpansOfAtMostTheGivenWordPieces() {
    List<EvaluationExample> evaluated =
        TinyRag.examples().stream().map(EvaluationExample::of).toList();

    List<ExampleScore> oneWordPiece =
        new RagEvaluation(model, RagEvaluation.DEFAULT_READ_TOP_K, 0, 1)
            .scoreEach(params, evaluated, PassageRanking.byQueryEncoder(), manager);

    assertThat(oneWordPiece)
        .extracting(ExampleScore::answer)
        .allSatisfy(a -> assertThat(a).isNotEmpty().doesNotContainAnyWhitespaces());
  }

  @Test
  void anExampleWithNothingToReadScoresZeroWithoutAbstaining() {
    EvaluationResult r =
        new RagEvaluation(model)
            .score(params, List.of(battery("")), PassageRanking.byQueryEncoder(), manager);

    assertThat(r.examples()).isEqualTo(1);
    assertThat(r.exactMatch()).isZero();
    assertThat(r.abstained()).isZero();
    assertThat(r.lossExamples()).isZero();
  }
}
