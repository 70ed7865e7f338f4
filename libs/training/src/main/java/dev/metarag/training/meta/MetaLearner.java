package dev.metarag.training.meta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Meta-trains the parameters of any {@link TaskObjective}: each {@link #step} turns a meta-batch of
 * tasks into a meta-gradient (see {@link MetaAlgorithm} for what each algorithm computes), averages
 * it over the tasks, and applies one Adam step to the trainable parameters (and to Meta-SGD's
 * learned inner rates).
 *
 * <p>Memory: every step, task and gradient evaluation works in its own sub-manager, closed when it
 * ends; replaced parameters and optimiser state are closed at once. Only the parameters, the inner
 * rates and Adam's moments live in the learner's manager, so memory stays flat over many steps.
 *
 * <p>Not thread-safe; one learner at a time per thread (DJL allows one open gradient collector).
 *
 * @param <B> the batch type of the objective
 */
public final class MetaLearner<B> {
  private final MetaConfig config;
  private final NDManager manager;
  private final Map<String, NDArray> params;
  private final InnerLearningRates rates;
  private final ParameterRoles roles;
  private final InnerLoop<B> innerLoop;
  private final TaskGradientRule<B> rule;
  private final AdamOptimizer adam;

  /**
   * A learner starting from {@code params}.
   *
   * @param params the parameters by name; the learner takes ownership of the arrays (attaching them
   *     to {@code manager}) and keeps this map live, replacing entries as it updates them
   * @param manager owns the parameters, Meta-SGD's rates and the optimiser state
   */
  public MetaLearner(
      TaskObjective<B> objective,
      Map<String, NDArray> params,
      MetaConfig config,
      NDManager manager) {
    this(
        objective,
        params,
        config.algorithm() == MetaAlgorithm.META_SGD
            ? InnerLearningRates.initialRates(
                params,
                params.keySet().stream().filter(config.innerTrainable()).toList(),
                config.innerLearningRate(),
                manager)
            : new LinkedHashMap<>(),
        new AdamOptimizer(config.outerLearningRate(), manager),
        config,
        manager);
  }

  /**
   * A learner for adapting a trained initialisation, as adaptation to a new domain does: Meta-SGD
   * configurations take {@code learnedRates} (by parameter name, as {@link #innerLearningRates}
   * gives them) as their inner rates; the other algorithms ignore them and use the uniform rate.
   * Ownership of the arrays passes to {@code manager}, as with the constructor.
   */
  public static <B> MetaLearner<B> withInnerRates(
      TaskObjective<B> objective,
      Map<String, NDArray> params,
      Map<String, NDArray> learnedRates,
      MetaConfig config,
      NDManager manager) {
    if (config.algorithm() != MetaAlgorithm.META_SGD) {
      return new MetaLearner<>(objective, params, config, manager);
    }
    Map<String, NDArray> rates = new LinkedHashMap<>(learnedRates);
    for (String name : params.keySet().stream().filter(config.innerTrainable()).toList()) {
      if (!rates.containsKey(name)) {
        throw new IllegalArgumentException("no learned inner rate for parameter " + name);
      }
    }
    return new MetaLearner<>(
        objective,
        params,
        rates,
        new AdamOptimizer(config.outerLearningRate(), manager),
        config,
        manager);
  }

  /**
   * A learner that meta-trains further from a trained initialisation, as a job starting from a
   * registered version does. Meta-SGD configurations take each inner-trainable parameter's rate
   * from {@code learnedRates} where it has one and start the others at the configured inner rate
   * (the initialisation may have adapted fewer parameters than this configuration does); rates of
   * parameters this configuration does not adapt are closed. Other algorithms close {@code
   * learnedRates} and use the uniform rate. Ownership of the arrays passes to {@code manager}.
   */
  public static <B> MetaLearner<B> continuing(
      TaskObjective<B> objective,
      Map<String, NDArray> params,
      Map<String, NDArray> learnedRates,
      MetaConfig config,
      NDManager manager) {
    if (config.algorithm() != MetaAlgorithm.META_SGD) {
      learnedRates.values().forEach(NDArray::close);
      return new MetaLearner<>(objective, params, config, manager);
    }
    List<String> adapted = params.keySet().stream().filter(config.innerTrainable()).toList();
    List<String> fresh = adapted.stream().filter(name -> !learnedRates.containsKey(name)).toList();
    Map<String, NDArray> initial =
        InnerLearningRates.initialRates(params, fresh, config.innerLearningRate(), manager);
    Map<String, NDArray> rates = new LinkedHashMap<>();
    for (String name : adapted) {
      NDArray rate = learnedRates.containsKey(name) ? learnedRates.get(name) : initial.get(name);
      if (!rate.getShape().equals(params.get(name).getShape())) {
        throw new IllegalArgumentException(
            "the learned inner rate of "
                + name
                + " has shape "
                + rate.getShape()
                + ", the parameter "
                + params.get(name).getShape());
      }
      rates.put(name, rate);
    }
    learnedRates.forEach(
        (name, rate) -> {
          if (!rates.containsKey(name)) {
            rate.close();
          }
        });
    return new MetaLearner<>(
        objective,
        params,
        rates,
        new AdamOptimizer(config.outerLearningRate(), manager),
        config,
        manager);
  }

  private MetaLearner(
      TaskObjective<B> objective,
      Map<String, NDArray> params,
      Map<String, NDArray> learnedRates,
      AdamOptimizer adam,
      MetaConfig config,
      NDManager manager) {
    this.config = Objects.requireNonNull(config, "config");
    this.manager = Objects.requireNonNull(manager, "manager");
    this.params = Objects.requireNonNull(params, "params");
    this.adam = adam;
    params.values().forEach(a -> a.attach(manager));
    learnedRates.values().forEach(a -> a.attach(manager));
    this.roles = ParameterRoles.of(params.keySet(), config.innerTrainable(), config.trainable());
    requireRoles(config, roles);
    this.rates =
        config.algorithm() == MetaAlgorithm.META_SGD
            ? InnerLearningRates.learned(learnedRates)
            : InnerLearningRates.uniform(config.innerLearningRate());
    ObjectiveGradients<B> gradients = new ObjectiveGradients<>(Objects.requireNonNull(objective));
    this.innerLoop = new InnerLoop<>(gradients, roles.adapted(), rates);
    this.rule = ruleFor(config, gradients, innerLoop, rates, roles);
  }

  private static void requireRoles(MetaConfig config, ParameterRoles roles) {
    if (roles.trained().isEmpty()) {
      throw new IllegalArgumentException("no parameter is selected by trainable");
    }
    // An empty inner set would silently turn MAML into joint training on the query batch.
    if (config.algorithm() != MetaAlgorithm.JOINT && roles.adapted().isEmpty()) {
      throw new IllegalArgumentException("no parameter is selected by innerTrainable");
    }
  }

  private static <B> TaskGradientRule<B> ruleFor(
      MetaConfig config,
      ObjectiveGradients<B> gradients,
      InnerLoop<B> innerLoop,
      InnerLearningRates rates,
      ParameterRoles roles) {
    int k = config.innerSteps();
    return switch (config.algorithm()) {
      case MAML, ANIL, META_SGD ->
          new SecondOrderMaml<>(
              gradients,
              innerLoop,
              new HessianVectorProduct<>(
                  gradients,
                  roles.adapted(),
                  roles.differentiated(),
                  config.finiteDifferenceEpsilon()),
              rates,
              roles,
              k);
      case FOMAML -> new FirstOrderMaml<>(gradients, innerLoop, roles, k);
      case REPTILE -> new Reptile<>(gradients, innerLoop, roles, k);
      case JOINT -> new JointTraining<>(gradients, roles);
    };
  }

  /**
   * One meta-step: the meta-gradient of the batch, averaged over its tasks, then one Adam step on
   * the trainable parameters (and Meta-SGD's inner rates).
   */
  public MetaStepResult step(List<MetaTask<B>> metaBatch) {
    try (NDManager scope = manager.newSubManager()) {
      MetaGradientMean.Result mean = meanOver(metaBatch, scope);
      adam.advance();
      mean.gradient().forEach(this::apply);
      return new MetaStepResult(
          adam.steps(), mean.supportLoss(), mean.queryLoss(), mean.queryLossByDomain());
    }
  }

  /**
   * What {@link #step} would apply, without applying it: the meta-gradient averaged over the tasks,
   * by trainable parameter name, and for Meta-SGD also by {@link #learningRateKey} of each
   * inner-trainable parameter. The arrays are owned by {@code scope}.
   */
  public Map<String, NDArray> metaGradient(List<MetaTask<B>> metaBatch, NDManager scope) {
    return meanOver(metaBatch, scope).gradient();
  }

  /**
   * Adapts the current parameters to a support batch: {@code steps} inner steps (with Meta-SGD's
   * learned rates if any) on the inner-trainable parameters, as during meta-training.
   *
   * @return the full parameter map: new arrays owned by {@code scope} for the inner-trainable
   *     parameters, and the learner's own arrays (shared, not copied) for the others; do not close
   *     those, and do not use them after the next {@link #step}, which replaces them
   */
  public Map<String, NDArray> adapt(B support, int steps, NDManager scope) {
    return adapt(support, steps, scope, AdaptationListener.NONE);
  }

  /** {@link #adapt(Object, int, NDManager)}, telling {@code listener} about each step. */
  public Map<String, NDArray> adapt(
      B support, int steps, NDManager scope, AdaptationListener listener) {
    return innerLoop.run(params, support, steps, false, scope, listener).adapted();
  }

  /** The live parameter map (entries are replaced by each step; do not close them). */
  public Map<String, NDArray> parameters() {
    return params;
  }

  /** Meta-SGD's learned inner rates by parameter name (live, read-only); empty otherwise. */
  public Map<String, NDArray> innerLearningRates() {
    return Collections.unmodifiableMap(rates.arrays());
  }

  /** The key of a parameter's learned inner rate in a {@link #metaGradient} map (Meta-SGD). */
  public static String learningRateKey(String parameter) {
    return InnerLearningRates.key(parameter);
  }

  public int completedSteps() {
    return adam.steps();
  }

  public MetaConfig config() {
    return config;
  }

  /**
   * Saves everything needed to resume exactly: parameters, Meta-SGD's rates, Adam's moments and the
   * step count. Atomic: written into a sibling temporary directory, then renamed into place.
   */
  public void save(Path directory) throws IOException {
    MetaCheckpoint.write(
        new MetaCheckpoint.Contents(
            config.algorithm(),
            adam.steps(),
            params,
            rates.arrays(),
            adam.firstMoments(),
            adam.secondMoments()),
        directory);
  }

  /**
   * A learner resuming from {@link #save}: continuing it gives bit for bit the parameters an
   * uninterrupted run would have. If {@code config} asks for Meta-SGD and the checkpoint has no
   * learned rates (it was written by another algorithm), the rates start afresh.
   */
  public static <B> MetaLearner<B> restore(
      Path directory, TaskObjective<B> objective, MetaConfig config, NDManager manager)
      throws IOException {
    MetaCheckpoint.Contents saved = MetaCheckpoint.read(directory, manager);
    Map<String, NDArray> learnedRates = saved.learningRates();
    if (config.algorithm() != MetaAlgorithm.META_SGD) {
      learnedRates.values().forEach(NDArray::close);
      learnedRates = new LinkedHashMap<>();
    } else if (learnedRates.isEmpty()) {
      learnedRates =
          InnerLearningRates.initialRates(
              saved.parameters(),
              saved.parameters().keySet().stream().filter(config.innerTrainable()).toList(),
              config.innerLearningRate(),
              manager);
    }
    AdamOptimizer adam =
        new AdamOptimizer(
            config.outerLearningRate(),
            manager,
            saved.steps(),
            saved.firstMoments(),
            saved.secondMoments());
    return new MetaLearner<>(objective, saved.parameters(), learnedRates, adam, config, manager);
  }

  private MetaGradientMean.Result meanOver(List<MetaTask<B>> metaBatch, NDManager scope) {
    if (metaBatch.isEmpty()) {
      throw new IllegalArgumentException("empty meta-batch");
    }
    MetaGradientMean mean = new MetaGradientMean(scope);
    for (MetaTask<B> task : metaBatch) {
      try (NDManager taskScope = scope.newSubManager()) {
        mean.add(task.domain(), rule.compute(task, params, taskScope));
      }
    }
    return mean.mean();
  }

  /** One Adam update of a parameter or a learned rate; the replaced array is closed. */
  private void apply(String key, NDArray gradient) {
    Map<String, NDArray> target = params;
    String name = key;
    if (InnerLearningRates.isKey(key)) {
      target = rates.arrays();
      name = InnerLearningRates.parameterOf(key);
    }
    NDArray current = target.get(name);
    target.put(name, adam.update(key, current, gradient));
    current.close();
  }
}
