package dev.metarag.training.meta;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.metarag.training.meta.LinearRegression.Batch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each algorithm's meta-gradient, as {@link MetaLearner#metaGradient} computes it in float32 with
 * finite-difference Hessian-vector products, equals its closed form on linear regression computed
 * in double precision, averaged over a meta-batch of three tasks.
 *
 * <p>On least squares the support Hessian H_s = X^T X / n is constant, so K inner steps of rate a
 * (a diagonal D = diag(a ⊙ inner mask)) have Jacobian (I - D H_s)^K and the MAML meta-gradient is
 * (I - H_s D)^K grad L_q(theta_K).
 */
class MetaGradientClosedFormTest {
  private static final float ALPHA = 0.1f;

  /** float32 arithmetic and finite differences: 1e-3 of the largest component. */
  private static final double TOLERANCE = 1e-3;

  private NDManager manager;
  private final Random random = new Random(20240611);

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager("PyTorch");
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void mamlWithOneInnerStepMatchesTheClosedForm() {
    checkMaml(1);
  }

  @Test
  void mamlWithTwoInnerStepsMatchesTheClosedForm() {
    checkMaml(2);
  }

  private void checkMaml(int innerSteps) {
    double[] theta = LinearRegression.gaussian(random, 4, 0.5);
    List<MetaTask<Batch>> tasks = tasks(4);
    MetaLearner<Batch> learner =
        learner(MetaAlgorithm.MAML, innerSteps, Map.of("w", theta), n -> true, n -> true);

    Map<String, double[]> actual = metaGradient(learner, tasks);

    double[] rate = filled(4, ALPHA);
    double[] expected = mean(tasks, t -> mamlClosedForm(t, theta, rate, innerSteps));
    assertAgree(expected, mean(tasks, t -> numericalMetaGradient(t, theta, rate, innerSteps)));
    assertThat(actual.keySet()).containsExactly("w");
    assertAgree(actual.get("w"), expected);
  }

  @Test
  void firstOrderMamlIsTheQueryGradientAtTheAdaptedParameters() {
    double[] theta = LinearRegression.gaussian(random, 4, 0.5);
    List<MetaTask<Batch>> tasks = tasks(4);
    MetaLearner<Batch> learner =
        learner(MetaAlgorithm.FOMAML, 2, Map.of("w", theta), n -> true, n -> true);

    Map<String, double[]> actual = metaGradient(learner, tasks);

    double[] rate = filled(4, ALPHA);
    double[] expected =
        mean(tasks, t -> LinearRegression.gradient(t.query(), adapted(t, theta, rate, 2)));
    assertAgree(actual.get("w"), expected);
  }

  @Test
  void reptileIsTheDisplacementFromTheAdaptedParameters() {
    double[] theta = LinearRegression.gaussian(random, 4, 0.5);
    List<MetaTask<Batch>> tasks = tasks(4);
    MetaLearner<Batch> learner =
        learner(MetaAlgorithm.REPTILE, 3, Map.of("w", theta), n -> true, n -> true);

    Map<String, double[]> actual = metaGradient(learner, tasks);

    double[] rate = filled(4, ALPHA);
    double[] expected = mean(tasks, t -> Matrices.minus(theta, adapted(t, theta, rate, 3)));
    assertAgree(actual.get("w"), expected);
  }

  @Test
  void anilCarriesTheBodyGradientThroughTheHeadOnlyInnerLoop() {
    double[] body = LinearRegression.gaussian(random, 3, 0.5);
    double[] head = LinearRegression.gaussian(random, 2, 0.5);
    List<MetaTask<Batch>> tasks = tasks(5);
    MetaLearner<Batch> learner =
        learner(
            MetaAlgorithm.ANIL, 2, ordered("body", body, "head", head), n -> true, "head"::equals);

    Map<String, double[]> actual = metaGradient(learner, tasks);

    double[] theta = concat(body, head);
    double[] rate = {0, 0, 0, ALPHA, ALPHA};
    double[] expected = mean(tasks, t -> mamlClosedForm(t, theta, rate, 2));
    assertAgree(expected, mean(tasks, t -> numericalMetaGradient(t, theta, rate, 2)));
    assertAgree(actual.get("body"), Arrays.copyOfRange(expected, 0, 3));
    assertAgree(actual.get("head"), Arrays.copyOfRange(expected, 3, 5));
    // The body is not adapted, yet its meta-gradient differs from the first-order one.
    double[] firstOrder =
        mean(tasks, t -> LinearRegression.gradient(t.query(), adapted(t, theta, rate, 2)));
    assertThat(Math.abs(expected[0] - firstOrder[0])).isGreaterThan(1e-3);
  }

  @Test
  void metaGradientCoversExactlyTheTrainableParameters() {
    double[] body = LinearRegression.gaussian(random, 3, 0.5);
    double[] head = LinearRegression.gaussian(random, 2, 0.5);
    List<MetaTask<Batch>> tasks = tasks(5);
    MetaLearner<Batch> learner =
        learner(
            MetaAlgorithm.ANIL,
            1,
            ordered("body", body, "head", head),
            "body"::equals,
            "head"::equals);

    Map<String, double[]> actual = metaGradient(learner, tasks);

    double[] rate = {0, 0, 0, ALPHA, ALPHA};
    double[] expected = mean(tasks, t -> mamlClosedForm(t, concat(body, head), rate, 1));
    assertThat(actual.keySet()).containsExactly("body");
    assertAgree(actual.get("body"), Arrays.copyOfRange(expected, 0, 3));
  }

  @Test
  void metaSgdMatchesTheClosedFormForParametersAndPerCoordinateLearningRates() {
    List<MetaTask<Batch>> tasks = tasks(4);
    MetaLearner<Batch> learner =
        learner(
            MetaAlgorithm.META_SGD,
            1,
            Map.of("w", LinearRegression.gaussian(random, 4, 0.5)),
            n -> true,
            n -> true);
    // A few outer steps first, so that the rates differ between coordinates.
    for (int i = 0; i < 3; i++) {
      learner.step(tasks);
    }
    double[] theta = doubles(learner.parameters().get("w"));
    double[] rate = doubles(learner.innerLearningRates().get("w"));
    assertThat(Arrays.stream(rate).distinct().count()).isGreaterThan(1);

    Map<String, double[]> actual = metaGradient(learner, tasks);

    assertThat(actual.keySet()).containsExactlyInAnyOrder("w", MetaLearner.learningRateKey("w"));
    assertAgree(actual.get("w"), mean(tasks, t -> mamlClosedForm(t, theta, rate, 1)));
    // d L_q(theta - a ⊙ g_s) / d a = -grad L_q(theta_1) ⊙ grad L_s(theta)
    double[] expectedRateGradient =
        mean(
            tasks,
            t ->
                Matrices.scaled(
                    -1,
                    Matrices.hadamard(
                        LinearRegression.gradient(t.query(), adapted(t, theta, rate, 1)),
                        LinearRegression.gradient(t.support(), theta))));
    assertAgree(actual.get(MetaLearner.learningRateKey("w")), expectedRateGradient);
  }

  @Test
  void metaSgdLearningRateGradientOverTwoInnerStepsIsExact() {
    double[] body = LinearRegression.gaussian(random, 3, 0.5);
    double[] head = LinearRegression.gaussian(random, 2, 0.5);
    List<MetaTask<Batch>> tasks = tasks(5);
    MetaLearner<Batch> learner =
        learner(
            MetaAlgorithm.META_SGD,
            2,
            ordered("body", body, "head", head),
            n -> true,
            "head"::equals);

    Map<String, double[]> actual = metaGradient(learner, tasks);

    double[] theta = concat(body, head);
    double[] rate = {0, 0, 0, ALPHA, ALPHA};
    double[] expected = mean(tasks, t -> mamlClosedForm(t, theta, rate, 2));
    assertAgree(actual.get("body"), Arrays.copyOfRange(expected, 0, 3));
    assertAgree(actual.get("head"), Arrays.copyOfRange(expected, 3, 5));
    assertThat(actual).doesNotContainKey(MetaLearner.learningRateKey("body"));
    double[] expectedRateGradient = mean(tasks, t -> numericalRateGradient(t, theta, rate, 2));
    assertAgree(
        actual.get(MetaLearner.learningRateKey("head")),
        Arrays.copyOfRange(expectedRateGradient, 3, 5));
  }

  @Test
  void jointIsTheMeanOfSupportAndQueryGradientsAtTheta() {
    double[] theta = LinearRegression.gaussian(random, 4, 0.5);
    List<MetaTask<Batch>> tasks = tasks(4);
    MetaLearner<Batch> learner =
        learner(MetaAlgorithm.JOINT, 1, Map.of("w", theta), n -> true, n -> true);

    Map<String, double[]> actual = metaGradient(learner, tasks);

    double[] expected =
        mean(
            tasks,
            t ->
                Matrices.scaled(
                    0.5,
                    Matrices.plus(
                        LinearRegression.gradient(t.support(), theta),
                        LinearRegression.gradient(t.query(), theta))));
    assertAgree(actual.get("w"), expected);
  }

  // --- closed forms (double precision) ---

  /** theta_K of the inner loop theta_{k+1} = theta_k - rate ⊙ grad L_s(theta_k). */
  private static double[] adapted(MetaTask<Batch> t, double[] theta, double[] rate, int steps) {
    double[] w = theta;
    for (int k = 0; k < steps; k++) {
      w = Matrices.minus(w, Matrices.hadamard(rate, LinearRegression.gradient(t.support(), w)));
    }
    return w;
  }

  /** (I - H_s diag(rate))^K grad L_q(theta_K). */
  private static double[] mamlClosedForm(
      MetaTask<Batch> t, double[] theta, double[] rate, int steps) {
    double[][] stepTranspose =
        Matrices.minus(
            Matrices.identity(theta.length),
            Matrices.times(LinearRegression.hessian(t.support()), Matrices.diagonal(rate)));
    double[][] jacobianTranspose = Matrices.identity(theta.length);
    for (int k = 0; k < steps; k++) {
      jacobianTranspose = Matrices.times(stepTranspose, jacobianTranspose);
    }
    return Matrices.times(
        jacobianTranspose, LinearRegression.gradient(t.query(), adapted(t, theta, rate, steps)));
  }

  /** d L_q(theta_K(theta)) / d theta by central differences, a check on the closed form. */
  private static double[] numericalMetaGradient(
      MetaTask<Batch> t, double[] theta, double[] rate, int steps) {
    return centralDifference(
        theta, x -> LinearRegression.loss(t.query(), adapted(t, x, rate, steps)));
  }

  /** d L_q(theta_K(rate)) / d rate by central differences. */
  private static double[] numericalRateGradient(
      MetaTask<Batch> t, double[] theta, double[] rate, int steps) {
    return centralDifference(
        rate, a -> LinearRegression.loss(t.query(), adapted(t, theta, a, steps)));
  }

  private static double[] centralDifference(double[] at, ToDoubleFunction<double[]> f) {
    double h = 1e-5;
    double[] g = new double[at.length];
    for (int i = 0; i < at.length; i++) {
      double[] plus = at.clone();
      double[] minus = at.clone();
      plus[i] += h;
      minus[i] -= h;
      g[i] = (f.applyAsDouble(plus) - f.applyAsDouble(minus)) / (2 * h);
    }
    return g;
  }

  // --- fixtures ---

  /** Three tasks whose true weights scatter around a common centre. */
  private List<MetaTask<Batch>> tasks(int dimension) {
    double[] centre = LinearRegression.gaussian(random, dimension, 1.0);
    List<MetaTask<Batch>> tasks = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      double[] truth = Matrices.plus(centre, LinearRegression.gaussian(random, dimension, 0.3));
      tasks.add(LinearRegression.task("domain-" + i, random, truth, 10));
    }
    return tasks;
  }

  private MetaLearner<Batch> learner(
      MetaAlgorithm algorithm,
      int innerSteps,
      Map<String, double[]> initial,
      Predicate<String> trainable,
      Predicate<String> innerTrainable) {
    Map<String, NDArray> params = new LinkedHashMap<>();
    initial.forEach((name, v) -> params.put(name, manager.create(floats(v))));
    MetaConfig config =
        MetaConfig.of(algorithm, ALPHA, 0.01f, innerSteps, trainable, innerTrainable);
    return new MetaLearner<>(
        new LinearRegression(List.copyOf(initial.keySet())), params, config, manager);
  }

  private Map<String, double[]> metaGradient(
      MetaLearner<Batch> learner, List<MetaTask<Batch>> tasks) {
    Map<String, double[]> result = new LinkedHashMap<>();
    try (NDManager scope = manager.newSubManager()) {
      learner.metaGradient(tasks, scope).forEach((name, g) -> result.put(name, doubles(g)));
    }
    return result;
  }

  private static Map<String, double[]> ordered(String a, double[] va, String b, double[] vb) {
    Map<String, double[]> m = new LinkedHashMap<>();
    m.put(a, va);
    m.put(b, vb);
    return m;
  }

  private static double[] mean(List<MetaTask<Batch>> tasks, Function<MetaTask<Batch>, double[]> f) {
    return Matrices.mean(tasks.stream().map(f).toList());
  }

  private static void assertAgree(double[] actual, double[] expected) {
    assertThat(actual).hasSameSizeAs(expected);
    double scale = Arrays.stream(expected).map(Math::abs).max().orElse(0);
    for (int i = 0; i < expected.length; i++) {
      assertThat(Math.abs(actual[i] - expected[i]))
          .as("component %d: %s vs %s", i, Arrays.toString(actual), Arrays.toString(expected))
          .isLessThanOrEqualTo(TOLERANCE * scale + 1e-6);
    }
  }

  private static double[] concat(double[] a, double[] b) {
    double[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  private static double[] filled(int d, double value) {
    double[] v = new double[d];
    Arrays.fill(v, value);
    return v;
  }

  private static float[] floats(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return f;
  }

  static double[] doubles(NDArray a) {
    float[] f = a.toFloatArray();
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }
}
