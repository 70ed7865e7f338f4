package dev.metarag.training.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.metarag.training.meta.LinearRegression.Batch;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Meta-training behaviour on a family of linear-regression tasks. */
class MetaLearnerTrainingTest {
  private NDManager manager;
  private final MetaTasks family = new MetaTasks(7, 16);

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager("PyTorch");
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @ParameterizedTest
  @EnumSource(MetaAlgorithm.class)
  void queryLossAfterAdaptationFallsOverFiftyMetaSteps(MetaAlgorithm algorithm) {
    MetaLearner<Batch> learner = MetaTasks.learner(MetaTasks.config(algorithm), manager);
    double before = meanQueryLossAfterAdaptation(learner);

    float firstReported = Float.NaN;
    float lastReported = Float.NaN;
    for (int step = 0; step < 50; step++) {
      MetaStepResult result = learner.step(family.metaBatch(step, 4));
      assertThat(result.step()).isEqualTo(step + 1);
      firstReported = step == 0 ? result.queryLoss() : firstReported;
      lastReported = result.queryLoss();
    }

    assertThat(meanQueryLossAfterAdaptation(learner)).isLessThan(0.25 * before);
    assertThat(lastReported).isLessThan(0.25f * firstReported);
    assertThat(learner.completedSteps()).isEqualTo(50);
  }

  /** The meta-objective over the whole family: adapt on each support batch, score its query. */
  private double meanQueryLossAfterAdaptation(MetaLearner<Batch> learner) {
    double sum = 0;
    for (MetaTask<Batch> task : family.all()) {
      try (NDManager scope = manager.newSubManager()) {
        int steps = learner.config().algorithm() == MetaAlgorithm.JOINT ? 0 : 1;
        sum +=
            LinearRegression.loss(task.query(), flat(learner.adapt(task.support(), steps, scope)));
      }
    }
    return sum / family.all().size();
  }

  @ParameterizedTest
  @EnumSource(MetaAlgorithm.class)
  void stepsLeaveNoArraysBehind(MetaAlgorithm algorithm) {
    MetaConfig base = MetaTasks.config(algorithm);
    MetaConfig twoSteps =
        new MetaConfig(
            algorithm,
            base.innerLearningRate(),
            base.outerLearningRate(),
            2,
            base.trainable(),
            base.innerTrainable(),
            base.finiteDifferenceEpsilon());
    MetaLearner<Batch> learner = MetaTasks.learner(twoSteps, manager);
    learner.step(family.metaBatch(0, 4)); // creates the optimiser state
    int live = manager.getManagedArrays().size();

    for (int step = 1; step < 20; step++) {
      learner.step(family.metaBatch(step, 4));
      try (NDManager scope = manager.newSubManager()) {
        learner.metaGradient(family.metaBatch(step, 2), scope);
        learner.adapt(family.all().get(step % 16).support(), 3, scope);
      }
    }

    assertThat(manager.getManagedArrays()).hasSize(live);
  }

  @Test
  void stepReportsSupportLossBeforeAndQueryLossAfterAdaptation() {
    MetaConfig config = MetaTasks.config(MetaAlgorithm.MAML);
    MetaLearner<Batch> learner = MetaTasks.learner(config, manager);
    List<MetaTask<Batch>> batch = family.metaBatch(0, 3); // domains even, odd, even
    double[] theta = new double[4];

    MetaStepResult result = learner.step(batch);

    double[] support = new double[3];
    double[] query = new double[3];
    for (int i = 0; i < 3; i++) {
      Batch s = batch.get(i).support();
      double[] adapted =
          Matrices.minus(theta, Matrices.scaled(0.1, LinearRegression.gradient(s, theta)));
      support[i] = LinearRegression.loss(s, theta);
      query[i] = LinearRegression.loss(batch.get(i).query(), adapted);
    }
    assertThat((double) result.supportLoss()).isCloseTo(mean(support), relative());
    assertThat((double) result.queryLoss()).isCloseTo(mean(query), relative());
    assertThat(result.queryLossByDomain()).containsOnlyKeys("even", "odd");
    assertThat((double) result.queryLossByDomain().get("even"))
        .isCloseTo((query[0] + query[2]) / 2, relative());
    assertThat((double) result.queryLossByDomain().get("odd")).isCloseTo(query[1], relative());
  }

  @Test
  void parametersOutsideTheTrainableSetNeverChange() {
    MetaConfig base = MetaTasks.config(MetaAlgorithm.MAML);
    MetaConfig headOnly =
        new MetaConfig(
            base.algorithm(),
            base.innerLearningRate(),
            base.outerLearningRate(),
            base.innerSteps(),
            "head"::equals,
            n -> true,
            base.finiteDifferenceEpsilon());
    MetaLearner<Batch> learner = MetaTasks.learner(headOnly, manager);

    for (int step = 0; step < 3; step++) {
      learner.step(family.metaBatch(step, 4));
    }

    assertThat(learner.parameters().get("body").toFloatArray()).containsOnly(0f);
    assertThat(learner.parameters().get("head").toFloatArray()).doesNotContain(0f);
  }

  @Test
  void adaptationMovesTheInnerTrainablePartAndSharesTheRest() {
    MetaLearner<Batch> learner = MetaTasks.learner(MetaTasks.config(MetaAlgorithm.ANIL), manager);
    for (int step = 0; step < 5; step++) {
      learner.step(family.metaBatch(step, 4));
    }
    Batch support = family.all().get(0).support();
    double before = LinearRegression.loss(support, flat(learner.parameters()));

    try (NDManager scope = manager.newSubManager()) {
      Map<String, NDArray> adapted = learner.adapt(support, 5, scope);

      assertThat(adapted.get("body")).isSameAs(learner.parameters().get("body"));
      assertThat(adapted.get("head")).isNotSameAs(learner.parameters().get("head"));
      assertThat(LinearRegression.loss(support, flat(adapted))).isLessThan(before);
    }
    assertThat(learner.parameters().get("body").toFloatArray()).hasSize(2);
  }

  @Test
  void metaSgdLearnsADifferentInnerRateForEachCoordinate() {
    MetaLearner<Batch> learner =
        MetaTasks.learner(MetaTasks.config(MetaAlgorithm.META_SGD), manager);
    assertThat(learner.innerLearningRates().get("head").toFloatArray()).containsOnly(0.1f);

    for (int step = 0; step < 10; step++) {
      learner.step(family.metaBatch(step, 4));
    }

    float[] body = learner.innerLearningRates().get("body").toFloatArray();
    float[] head = learner.innerLearningRates().get("head").toFloatArray();
    assertThat(body).doesNotContain(0.1f);
    assertThat(head).doesNotContain(0.1f);
    assertThat(body[0]).isNotEqualTo(body[1]);
  }

  @Test
  void aLearnerBuiltFromLearnedRatesAdaptsExactlyLikeTheOneThatLearnedThem() {
    MetaLearner<Batch> trained =
        MetaTasks.learner(MetaTasks.config(MetaAlgorithm.META_SGD), manager);
    for (int step = 0; step < 5; step++) {
      trained.step(family.metaBatch(step, 4));
    }
    Map<String, NDArray> params = new java.util.LinkedHashMap<>();
    Map<String, NDArray> rates = new java.util.LinkedHashMap<>();
    trained.parameters().forEach((name, a) -> params.put(name, a.duplicate()));
    trained.innerLearningRates().forEach((name, a) -> rates.put(name, a.duplicate()));
    MetaLearner<Batch> rebuilt =
        MetaLearner.withInnerRates(
            new LinearRegression(MetaTasks.BLOCKS),
            params,
            rates,
            MetaTasks.config(MetaAlgorithm.META_SGD),
            manager);
    Batch support = family.all().get(3).support();

    try (NDManager scope = manager.newSubManager()) {
      assertThat(flat(rebuilt.adapt(support, 2, scope)))
          .containsExactly(flat(trained.adapt(support, 2, scope)));
    }
  }

  @Test
  void continuingMetaSgdKeepsTheLearnedRatesAndStartsTheRestAtTheConfiguredRate() {
    Map<String, NDArray> learned = new java.util.LinkedHashMap<>();
    learned.put("head", manager.create(new float[] {0.3f, 0.4f}));

    MetaLearner<Batch> learner =
        MetaLearner.continuing(
            new LinearRegression(MetaTasks.BLOCKS),
            MetaTasks.zeros(manager),
            learned,
            MetaTasks.config(MetaAlgorithm.META_SGD),
            manager);

    assertThat(learner.innerLearningRates().get("head").toFloatArray()).containsExactly(0.3f, 0.4f);
    assertThat(learner.innerLearningRates().get("body").toFloatArray()).containsOnly(0.1f);
  }

  @Test
  void continuingDropsTheRatesOfParametersTheInnerLoopNoLongerAdapts() {
    NDArray bodyRate = manager.create(new float[] {0.3f, 0.4f});
    Map<String, NDArray> learned = new java.util.LinkedHashMap<>();
    learned.put("body", bodyRate);
    learned.put("head", manager.create(new float[] {0.5f, 0.6f}));
    MetaConfig headsOnly =
        MetaConfig.of(MetaAlgorithm.META_SGD, 0.1f, 0.05f, 1, n -> true, "head"::equals);

    MetaLearner<Batch> learner =
        MetaLearner.continuing(
            new LinearRegression(MetaTasks.BLOCKS),
            MetaTasks.zeros(manager),
            learned,
            headsOnly,
            manager);

    assertThat(learner.innerLearningRates()).containsOnlyKeys("head");
    assertThat(learner.innerLearningRates().get("head").toFloatArray()).containsExactly(0.5f, 0.6f);
    assertThat(bodyRate.isReleased()).isTrue();
  }

  @Test
  void continuingWithAnotherAlgorithmUsesTheUniformRate() {
    NDArray headRate = manager.create(new float[] {0.3f, 0.4f});

    MetaLearner<Batch> learner =
        MetaLearner.continuing(
            new LinearRegression(MetaTasks.BLOCKS),
            MetaTasks.zeros(manager),
            new java.util.LinkedHashMap<>(Map.of("head", headRate)),
            MetaTasks.config(MetaAlgorithm.FOMAML),
            manager);

    assertThat(learner.innerLearningRates()).isEmpty();
    assertThat(headRate.isReleased()).isTrue();
  }

  @Test
  void adaptationReportsTheSupportLossBeforeEachStep() {
    MetaLearner<Batch> learner = MetaTasks.learner(MetaTasks.config(MetaAlgorithm.FOMAML), manager);
    Batch support = family.all().get(0).support();
    List<Float> losses = new java.util.ArrayList<>();
    List<Integer> steps = new java.util.ArrayList<>();

    try (NDManager scope = manager.newSubManager()) {
      learner.adapt(
          support,
          3,
          scope,
          (step, loss) -> {
            steps.add(step);
            losses.add(loss);
          });
    }

    assertThat(steps).containsExactly(1, 2, 3);
    assertThat(losses.get(0))
        .isCloseTo((float) LinearRegression.loss(support, flat(learner.parameters())), relative());
    assertThat(losses.get(2)).isLessThan(losses.get(0));
  }

  @Test
  void otherAlgorithmsHaveNoLearnedRates() {
    assertThat(
            MetaTasks.learner(MetaTasks.config(MetaAlgorithm.MAML), manager).innerLearningRates())
        .isEmpty();
  }

  @Test
  void anEmptyMetaBatchIsRejected() {
    MetaLearner<Batch> learner = MetaTasks.learner(MetaTasks.config(MetaAlgorithm.MAML), manager);

    assertThatThrownBy(() -> learner.step(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anInnerSetSelectingNothingIsRejected() {
    MetaConfig config = MetaConfig.of(MetaAlgorithm.ANIL, 0.1f, 0.05f, 1, n -> true, "x"::equals);

    assertThatThrownBy(() -> MetaTasks.learner(config, manager))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("innerTrainable");
  }

  private static double[] flat(Map<String, NDArray> params) {
    float[] body = params.get("body").toFloatArray();
    float[] head = params.get("head").toFloatArray();
    return new double[] {body[0], body[1], head[0], head[1]};
  }

  private static double mean(double[] v) {
    return Arrays.stream(v).average().orElseThrow();
  }

  private static Percentage relative() {
    return Percentage.withPercentage(1e-3);
  }
}
