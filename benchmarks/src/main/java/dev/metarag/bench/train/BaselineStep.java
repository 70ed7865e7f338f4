package dev.metarag.bench.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.metarag.training.rag.RagExample;
import dev.metarag.training.rag.RagLoss;
import dev.metarag.training.rag.RagModel;
import dev.metarag.training.rag.RagParameters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A training step as the code took it before this benchmark existed (commit eda24e9), kept here as
 * the baseline the speed-up is measured against: one reader pass per question, and Adam building
 * every intermediate (and new moments) as fresh arrays for every parameter, used or not.
 */
final class BaselineStep {
  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPSILON = 1e-8f;

  private final RagModel model;
  private final RagParameters params;
  private final float learningRate;
  private final NDManager manager;
  private final Map<String, NDArray> firstMoment = new HashMap<>();
  private final Map<String, NDArray> secondMoment = new HashMap<>();
  private int steps;

  BaselineStep(RagModel model, RagParameters params, float learningRate, NDManager manager) {
    this.model = model;
    this.params = params;
    this.learningRate = learningRate;
    this.manager = manager;
  }

  void step(List<RagExample> batch) {
    List<String> names = List.copyOf(params.asMap().keySet());
    names.forEach(n -> params.get(n).setRequiresGradient(true));
    try (NDManager scope = manager.newSubManager()) {
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        RagLoss loss = model.perQuestionLoss(params, batch, scope);
        if (loss.loss() == null) {
          return;
        }
        collector.backward(loss.loss());
      }
      steps++;
      names.forEach(this::update);
    }
  }

  private void update(String name) {
    NDArray w = params.get(name);
    NDArray oldM = firstMoment.computeIfAbsent(name, n -> manager.zeros(w.getShape()));
    NDArray oldV = secondMoment.computeIfAbsent(name, n -> manager.zeros(w.getShape()));
    try (NDManager scope = manager.newSubManager()) {
      NDArray g = w.getGradient();
      g.attach(scope);
      for (NDArray a : new NDArray[] {w, oldM, oldV}) {
        a.tempAttach(scope);
      }
      NDArray m = oldM.mul(BETA1).add(g.mul(1 - BETA1));
      NDArray v = oldV.mul(BETA2).add(g.square().mul(1 - BETA2));
      float c1 = 1 - (float) Math.pow(BETA1, steps);
      float c2 = 1 - (float) Math.pow(BETA2, steps);
      NDArray updated = w.sub(m.div(c1).div(v.div(c2).sqrt().add(EPSILON)).mul(learningRate));
      m.attach(manager);
      v.attach(manager);
      updated.attach(manager);
      firstMoment.put(name, m);
      secondMoment.put(name, v);
      params.asMap().put(name, updated);
    }
    oldM.close();
    oldV.close();
    w.close();
  }
}
