package dev.metarag.training.rag;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Supervised training of the RAG model with Adam on a chosen parameter subset. Each step builds its
 * graph in a scoped manager, so memory stays flat over many steps.
 */
public final class RagTrainer {
  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPSILON = 1e-8f;

  private final RagModel model;
  private final RagParameters params;
  private final Predicate<String> trainable;
  private final float learningRate;
  private final NDManager manager;
  private final Map<String, NDArray> firstMoment = new HashMap<>();
  private final Map<String, NDArray> secondMoment = new HashMap<>();
  private int steps;

  public RagTrainer(
      RagModel model,
      RagParameters params,
      ParameterSubset subset,
      float learningRate,
      NDManager manager) {
    this(model, params, subset, learningRate, manager, AdamState.fresh());
  }

  /**
   * A trainer that continues from a checkpoint's optimiser state (which it takes ownership of,
   * attaching its moments to {@code manager}): the next step is the one the saved trainer would
   * have taken.
   */
  public RagTrainer(
      RagModel model,
      RagParameters params,
      ParameterSubset subset,
      float learningRate,
      NDManager manager,
      AdamState state) {
    this.model = model;
    this.params = params;
    this.trainable = subset.selects(model.config().layers());
    this.learningRate = learningRate;
    this.manager = manager;
    this.steps = state.steps();
    state.firstMoments().values().forEach(a -> a.attach(manager));
    state.secondMoments().values().forEach(a -> a.attach(manager));
    firstMoment.putAll(state.firstMoments());
    secondMoment.putAll(state.secondMoments());
  }

  /**
   * Adam's state: the steps taken (which set the bias corrections) and the moments by parameter.
   */
  public record AdamState(
      int steps, Map<String, NDArray> firstMoments, Map<String, NDArray> secondMoments) {
    public static AdamState fresh() {
      return new AdamState(0, Map.of(), Map.of());
    }
  }

  /** The optimiser's state now, for a checkpoint (live arrays: save them before the next step). */
  public AdamState state() {
    return new AdamState(steps, Map.copyOf(firstMoment), Map.copyOf(secondMoment));
  }

  /**
   * One Adam step on a batch at the trainer's learning rate; returns the loss before the step, or
   * NaN if no example was usable.
   */
  public StepResult step(List<RagExample> batch) {
    return step(batch, learningRate);
  }

  /** One Adam step on a batch at {@code rate} (a schedule's rate for this step). */
  public StepResult step(List<RagExample> batch, float rate) {
    List<String> names = params.asMap().keySet().stream().filter(trainable).toList();
    names.forEach(n -> params.get(n).setRequiresGradient(true));
    float loss;
    RagLoss result;
    try (NDManager scope = manager.newSubManager()) {
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        result = model.loss(params, batch, scope);
        if (result.loss() == null) {
          return new StepResult(Float.NaN, 0, result.skipped());
        }
        collector.backward(result.loss());
      }
      loss = result.loss().getFloat();
      steps++;
      for (String name : names) {
        update(name, rate);
      }
    }
    return new StepResult(loss, result.used(), result.skipped());
  }

  /**
   * The outcome of one step.
   *
   * @param loss loss before the step
   * @param used examples that contributed
   * @param skipped examples with no answer in any candidate
   */
  public record StepResult(float loss, int used, int skipped) {}

  private void update(String name, float rate) {
    NDArray w = params.get(name);
    if (!firstMoment.containsKey(name) && neverReached(w)) {
      // No gradient has reached it yet (the query encoder while every question has one
      // candidate): Adam would move it by exactly 0 and keep zero moments. Skipping is exact and
      // spares a pass over a model-sized encoder.
      return;
    }
    NDArray m = moment(firstMoment, name, w);
    NDArray v = moment(secondMoment, name, w);
    // The moments are updated in place and every intermediate dies with the scope: a few
    // parameter-sized temporaries per update instead of a dozen (the embedding tables alone are
    // 47 MB each). The arithmetic is Adam's, in the order it was always computed.
    try (NDManager scope = manager.newSubManager()) {
      // The gradient handle is ours: attached (not borrowed), so the scope frees it. Borrowed,
      // it went back to the parameters' manager and kept the gradient's memory alive, a
      // model-sized leak per step.
      NDArray g = w.getGradient();
      g.attach(scope);
      // Borrowed by the scope, so that the scalars their in-place updates create die with it.
      for (NDArray a : new NDArray[] {w, m, v}) {
        a.tempAttach(scope);
      }
      m.muli(BETA1).addi(g.mul(1 - BETA1));
      v.muli(BETA2).addi(g.square().muli(1 - BETA2));
      float correction1 = 1 - (float) Math.pow(BETA1, steps);
      float correction2 = 1 - (float) Math.pow(BETA2, steps);
      NDArray denominator = v.div(correction2).sqrt().addi(EPSILON);
      NDArray updated = w.sub(m.div(correction1).divi(denominator).muli(rate));
      updated.attach(manager);
      params.asMap().put(name, updated);
    }
    w.close();
  }

  private static boolean neverReached(NDArray w) {
    try (NDArray g = w.getGradient();
        NDArray largest = g.abs().max()) {
      return largest.getFloat() == 0f;
    }
  }

  private NDArray moment(Map<String, NDArray> moments, String name, NDArray like) {
    return moments.computeIfAbsent(name, n -> manager.zeros(like.getShape()));
  }
}
