package dev.metarag.adapter.adaptation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metarag.adapter.examples.ExampleLoader;
import dev.metarag.adapter.examples.ExampleSet;
import dev.metarag.adapter.examples.LabelledExample;
import dev.metarag.adapter.grpc.Statuses;
import dev.metarag.adapter.model.BaseModel;
import dev.metarag.adapter.model.BaseModels;
import dev.metarag.adapter.model.ParameterSubsets;
import dev.metarag.adapter.retrieval.RetrieverClient;
import dev.metarag.adapter.versions.VersionLifecycle;
import dev.metarag.adapter.versions.VersionViews;
import dev.metarag.proto.v1.AdaptProgress;
import dev.metarag.proto.v1.AdaptResponse;
import dev.metarag.proto.v1.AdaptStage;
import dev.metarag.proto.v1.AdaptTimings;
import dev.metarag.proto.v1.EvaluationMetrics;
import dev.metarag.proto.v1.ExampleReport;
import dev.metarag.proto.v1.Lineage;
import dev.metarag.proto.v1.MetaAlgorithm;
import dev.metarag.proto.v1.ModelVersion;
import dev.metarag.proto.v1.PromotePolicy;
import dev.metarag.registry.PromoteResult;
import dev.metarag.registry.RegisteredVersion;
import dev.metarag.registry.RegistryException;
import dev.metarag.registry.VersionKind;
import dev.metarag.registry.VersionRegistry;
import dev.metarag.security.limits.Quoted;
import dev.metarag.training.export.BuiltGraphs;
import dev.metarag.training.export.GraphExport;
import dev.metarag.training.export.RagPackages;
import dev.metarag.training.memory.NativeHeap;
import dev.metarag.training.meta.MetaConfig;
import dev.metarag.training.meta.MetaLearner;
import dev.metarag.training.meta.RagTaskObjective;
import dev.metarag.training.rag.Candidate;
import dev.metarag.training.rag.MemoizedStates;
import dev.metarag.training.rag.ParameterSubset;
import dev.metarag.training.rag.RagExample;
import dev.metarag.training.rag.RagModel;
import dev.metarag.training.rag.RagParameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * One adaptation, stage by stage: retrieve the support passages, evaluate the base, take the
 * gradient steps, evaluate the result, export and register it, and promote it if the policy says
 * so. Runs on the adaptation thread, which owns the training engine.
 */
public final class AdaptationRun implements AdaptationWork {
  private static final org.jboss.logging.Logger LOG =
      org.jboss.logging.Logger.getLogger(AdaptationRun.class);
  static final int MAX_SUPPORT = 1024;
  static final int MAX_EVALUATION = 10_000;

  private final RetrieverClient retriever;
  private final ExampleLoader examples;
  private final VersionRegistry registry;
  private final BaseModels models;
  private final Evaluator evaluator;
  private final VersionLifecycle lifecycle;
  private final VersionViews views;
  private final String codeVersion;
  private final AdaptationTuning tuning;

  public AdaptationRun(
      RetrieverClient retriever,
      ExampleLoader examples,
      VersionRegistry registry,
      BaseModels models,
      Evaluator evaluator,
      VersionLifecycle lifecycle,
      VersionViews views,
      String codeVersion,
      AdaptationTuning tuning) {
    this.retriever = retriever;
    this.examples = examples;
    this.registry = registry;
    this.models = models;
    this.evaluator = evaluator;
    this.lifecycle = lifecycle;
    this.views = views;
    this.codeVersion = codeVersion;
    this.tuning = tuning;
  }

  /** The version a plan starts from, resolved now so that errors come before any work. */
  @Override
  public RegisteredVersion resolveBase(AdaptPlan plan) {
    if (plan.baseVersion().isEmpty()) {
      return registry.defaultStartingPoint();
    }
    String id = plan.baseVersion().get();
    RegisteredVersion base =
        registry
            .find(id)
            .orElseThrow(
                () ->
                    Statuses.notFound(
                        "base_version: no model version "
                            + Quoted.of(id)
                            + "; ListVersions shows the domain's versions, and with an empty"
                            + " domain the base, theta0 and general versions"));
    if (base.kind() == VersionKind.ADAPTED && !base.domain().equals(plan.domain())) {
      throw Statuses.invalid(
          "base_version",
          Quoted.of(id)
              + " belongs to domain '"
              + base.domain()
              + "'; adapt from a theta0, a general version, \"base\" or a version of '"
              + plan.domain()
              + "'");
    }
    return base;
  }

  @Override
  public AdaptResponse run(AdaptPlan plan, RegisteredVersion baseVersion, ProgressSink sink) {
    Clock clock = new Clock();
    AdaptTimings.Builder timings = AdaptTimings.newBuilder();
    Progress progress = new Progress(sink, clock);

    progress.stage(AdaptStage.ADAPT_STAGE_RETRIEVING, "loading examples and retrieving passages");
    retriever.requireCollection("domain", plan.domain());
    ExampleSet support = examples.load("support", plan.support(), MAX_SUPPORT);
    ExampleSet evaluation =
        plan.evaluation().isPresent()
            ? examples.load("evaluation", plan.evaluation().get(), MAX_EVALUATION)
            : support;
    // One lookup for both sets; an id they share is asked once.
    GoldDocuments gold =
        GoldDocuments.lookUp(
            retriever,
            plan.domain(),
            Stream.concat(support.examples().stream(), evaluation.examples().stream()).toList());
    List<LabelledExample> evaluationExamples = gold.resolve(evaluation.examples());
    BaseModel base = models.load(baseVersion);
    SupportSet supportSet = retrieveSupport(plan, support, gold, base, progress);
    if (supportSet.used().isEmpty()) {
      throw Statuses.failedPrecondition(
          "no support example has its answer in its top "
              + plan.retrievalTopK()
              + " passages of domain '"
              + plan.domain()
              + "': check that the documents holding the answers are ingested, that answers are"
              + " copied exactly from them, or raise retrieval_top_k");
    }
    timings.setRetrieveMillis(clock.lap());

    ParameterSubset subset = plan.parameters().orElse(base.innerParameters());
    boolean learnedRates =
        plan.learningRate().isEmpty()
            && base.algorithm() == MetaAlgorithm.META_ALGORITHM_META_SGD
            && !base.innerRates().isEmpty();
    float rate = plan.learningRate().orElse(base.innerLearningRate());
    Predicate<String> adapted = subset.selects(base.setup().config().layers());
    MetaConfig config =
        MetaConfig.of(
            learnedRates
                ? dev.metarag.training.meta.MetaAlgorithm.META_SGD
                : dev.metarag.training.meta.MetaAlgorithm.FOMAML,
            rate,
            0f,
            plan.steps(),
            adapted,
            adapted);
    Frozen frozen = Frozen.of(base, adapted);
    // The base's hidden states, each computed once per input for the evaluation before, every
    // step and the evaluation after (where the adaptation leaves that encoder unchanged).
    MemoizedStates baseQuery = new MemoizedStates(base.frozen().query(), tuning.frozenStateBytes());
    MemoizedStates baseReader =
        new MemoizedStates(base.frozen().reader(), tuning.frozenStateBytes());
    RagModel model = base.setup().model();
    MetaLearner<List<RagExample>> learner =
        MetaLearner.withInnerRates(
            new RagTaskObjective(
                model.withFrozenEncoders(
                    frozen.query() ? baseQuery : null, frozen.reader() ? baseReader : null),
                tuning.examplesPerPass()),
            new LinkedHashMap<>(base.parameters()),
            base.innerRates(),
            config,
            base.manager());

    try (NDManager scope = base.manager().newSubManager()) {
      progress.stage(
          AdaptStage.ADAPT_STAGE_EVALUATING_BEFORE, "evaluating " + baseVersion.version());
      // The base as it serves: both encoders on its graphs, whatever the adaptation changes.
      EvaluationMetrics before =
          evaluator.evaluate(
              model.withFrozenEncoders(baseQuery, baseReader),
              base.parameters(),
              evaluationExamples,
              plan,
              scope);
      progress.metrics(AdaptStage.ADAPT_STAGE_EVALUATING_BEFORE, before);
      timings.setEvaluateBeforeMillis(clock.lap());

      progress.stage(
          AdaptStage.ADAPT_STAGE_ADAPTING,
          plan.steps() + " step(s) on " + supportSet.used().size() + " support examples");
      Map<String, NDArray> after =
          learner.adapt(
              supportSet.used(),
              plan.steps(),
              scope,
              (step, loss) -> progress.step(step, plan.steps(), loss));
      timings.setAdaptMillis(clock.lap());

      progress.stage(AdaptStage.ADAPT_STAGE_EVALUATING_AFTER, "evaluating the adapted model");
      Optional<BuiltGraphs> graphs = buildGraphs(base, frozen, after);
      long buildMillis = clock.lap();
      EvaluationMetrics afterMetrics;
      try (AdaptedEncoders encoders =
          AdaptedEncoders.of(graphs, frozen.query(), frozen.reader(), baseQuery, baseReader)) {
        afterMetrics =
            evaluator.evaluate(encoders.model(model), after, evaluationExamples, plan, scope);
      }
      progress.metrics(AdaptStage.ADAPT_STAGE_EVALUATING_AFTER, afterMetrics);
      AdaptResponse.Builder response =
          AdaptResponse.newBuilder()
              .setBase(VersionViews.ref(baseVersion))
              .setBefore(before)
              .setAfter(afterMetrics)
              .addAllExampleReports(supportSet.reports())
              .setSupportExamplesUsed(supportSet.used().size())
              .setSupportExamplesSkipped(
                  support.examples().size()
                      + support.unanswerable().size()
                      - supportSet.used().size())
              .setEvaluatedOnSupport(plan.evaluation().isEmpty());

      String outcome;
      if (plan.trial()) {
        // Nothing to export: building the graphs served the evaluation only.
        timings.setEvaluateAfterMillis(buildMillis + clock.lap());
        response
            .setPromoted(false)
            .setPromotionReason(
                "trial: nothing exported, registered or promoted; "
                    + PromotionPolicy.describe(before, afterMetrics, 0));
        outcome = "trial of " + plan.domain();
      } else {
        timings.setEvaluateAfterMillis(clock.lap());
        progress.stage(AdaptStage.ADAPT_STAGE_EXPORTING, "exporting and registering");
        Lineage lineage =
            lineage(plan, base, subset, learnedRates, rate, support, evaluation, supportSet);
        Registered registered =
            exportAndRegister(
                plan, baseVersion, base, lineage, graphs, after, before, afterMetrics);
        // Building the graphs is part of exporting, though it comes before the evaluation after.
        timings.setExportMillis(buildMillis + clock.lap());
        response
            .setVersion(registered.version())
            .setPromoted(registered.promotion().promoted())
            .setPromotionReason(registered.promotion().reason());
        outcome =
            registered.version().getVersion()
                + (registered.promotion().promoted() ? " (promoted)" : "");
      }
      timings.setTotalMillis(clock.total());
      LOG.infof(
          "%s adapted from %s: %d of %d support examples, %d step(s), F1 %.3f -> %.3f, %s",
          outcome,
          baseVersion.version(),
          supportSet.used().size(),
          support.examples().size(),
          plan.steps(),
          before.getF1(),
          afterMetrics.getF1(),
          timings.build().toString().replace('\n', ' '));
      return response.setTimings(timings).build();
    }
  }

  /**
   * The adapted model's ONNX graphs, built now so that the evaluation after runs what will serve;
   * empty for a model without graphs (the tiny test model), which is evaluated on DJL.
   */
  private static Optional<BuiltGraphs> buildGraphs(
      BaseModel base, Frozen frozen, Map<String, NDArray> after) {
    Optional<GraphExport> export = base.frozen().export(frozen.query(), frozen.reader());
    if (export.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(BuiltGraphs.of(export.get(), new RagParameters(after)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build the adapted model's graphs", e);
    }
  }

  /** Which encoders an adaptation leaves unchanged. */
  private record Frozen(boolean query, boolean reader) {
    static Frozen of(BaseModel base, Predicate<String> adapted) {
      return new Frozen(
          noneAdapted(base, RagParameters.QUERY_PREFIX, adapted),
          noneAdapted(base, RagParameters.READER_PREFIX, adapted));
    }

    private static boolean noneAdapted(BaseModel base, String prefix, Predicate<String> adapted) {
      return base.parameters().keySet().stream()
          .filter(name -> name.startsWith(prefix))
          .noneMatch(adapted);
    }
  }

  /**
   * Returns the native memory the adaptation's tensors freed, so that the service's resident memory
   * falls back between adaptations instead of staying at its peak.
   */
  @Override
  public void afterRun() {
    NativeHeap.trim();
  }

  private SupportSet retrieveSupport(
      AdaptPlan plan, ExampleSet support, GoldDocuments gold, BaseModel base, Progress progress) {
    List<RagExample> used = new ArrayList<>();
    List<ExampleReport> reports = new ArrayList<>();
    for (LabelledExample e : support.unanswerable()) {
      ExampleReport report = SupportSet.noAnswer(e);
      reports.add(report);
      progress.report(report);
    }
    for (LabelledExample e : support.examples()) {
      if (gold.isMissing(e)) {
        ExampleReport report = SupportSet.goldDocumentNotFound(e, plan.domain());
        reports.add(report);
        progress.report(report);
      }
      List<Candidate> candidates =
          retriever.candidates(plan.domain(), e.question(), plan.retrievalTopK(), e.filters());
      RagExample example = new RagExample(e.question(), candidates, e.answers());
      if (base.setup().model().answerable(example)) {
        used.add(example);
      } else {
        ExampleReport report = SupportSet.answerNotRetrieved(e, plan.retrievalTopK());
        reports.add(report);
        progress.report(report);
      }
    }
    return new SupportSet(used, reports);
  }

  /** A registered version, as the response shows it, and whether it became active. */
  private record Registered(ModelVersion version, Promotion promotion) {}

  /**
   * The EXPORTING stage: reserves the domain's next version, writes and verifies its package,
   * registers it and promotes it if the policy says so.
   */
  private Registered exportAndRegister(
      AdaptPlan plan,
      RegisteredVersion baseVersion,
      BaseModel base,
      Lineage lineage,
      Optional<BuiltGraphs> graphs,
      Map<String, NDArray> after,
      EvaluationMetrics before,
      EvaluationMetrics afterMetrics) {
    String version = registry.reserveAdaptedVersion(plan.domain());
    export(version, plan, baseVersion, base, graphs, after, lineage, afterMetrics);
    Promotion promotion = promote(plan, version, before, afterMetrics);
    return new Registered(views.toProto(registry.get(plan.domain(), version)), promotion);
  }

  private void export(
      String version,
      AdaptPlan plan,
      RegisteredVersion baseVersion,
      BaseModel base,
      Optional<BuiltGraphs> graphs,
      Map<String, NDArray> params,
      Lineage lineage,
      EvaluationMetrics metrics) {
    ObjectNode manifest = JsonNodeFactory.instance.objectNode();
    manifest.put("name", version);
    manifest.set(
        dev.metarag.registry.Registration.FIELD,
        VersionRegistry.registration(
            version,
            plan.domain(),
            VersionKind.ADAPTED,
            baseVersion.version(),
            System.currentTimeMillis(),
            // Per-example scores are the caller's, not the version's.
            VersionViews.details(
                lineage, metrics.toBuilder().clearExamples().build(), plan.description())));
    try {
      RagPackages.write(
          registry.path(version),
          base.setup(),
          graphs,
          new RagParameters(params),
          base.innerRates(),
          manifest);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the package of " + version, e);
    }
  }

  /** Whether the new version became active, and why. */
  record Promotion(boolean promoted, String reason) {}

  private Promotion promote(
      AdaptPlan plan, String version, EvaluationMetrics before, EvaluationMetrics after) {
    String comparison = PromotionPolicy.describe(before, after, plan.minImprovement());
    boolean wanted =
        switch (plan.promote()) {
          case PROMOTE_POLICY_ALWAYS -> true;
          case PROMOTE_POLICY_IF_IMPROVED ->
              PromotionPolicy.improved(before, after, plan.minImprovement());
          default -> false;
        };
    if (!wanted) {
      return new Promotion(
          false,
          plan.promote() == PromotePolicy.PROMOTE_POLICY_NEVER
              ? "policy NEVER; " + comparison
              : "not improved enough: " + comparison);
    }
    try {
      PromoteResult result = lifecycle.promote(plan.domain(), version);
      return new Promotion(
          true,
          plan.promote().name()
              + ": "
              + comparison
              + "; "
              + result.active().version()
              + " is active");
    } catch (RegistryException | io.grpc.StatusRuntimeException e) {
      // The version is registered either way; the caller can promote it later.
      return new Promotion(false, "registered but not promoted: " + e.getMessage());
    }
  }

  private Lineage lineage(
      AdaptPlan plan,
      BaseModel base,
      ParameterSubset subset,
      boolean learnedRates,
      float rate,
      ExampleSet support,
      ExampleSet evaluation,
      SupportSet supportSet) {
    ModelVersion from = base.version();
    Map<String, String> hp = new TreeMap<>();
    hp.put("steps", String.valueOf(plan.steps()));
    hp.put("inner_learning_rate", learnedRates ? "learned (Meta-SGD)" : String.valueOf(rate));
    hp.put("inner_parameters", ParameterSubsets.format(subset));
    hp.put("retrieval_top_k", String.valueOf(plan.retrievalTopK()));
    hp.put("support_size", String.valueOf(support.examples().size()));
    hp.put("support_used", String.valueOf(supportSet.used().size()));
    hp.put("evaluation_size", String.valueOf(evaluation.examples().size()));
    hp.put("seed", String.valueOf(plan.seed()));
    hp.put("promote", plan.promote().name());
    Map<String, String> checksums = new TreeMap<>(support.checksums());
    evaluation.checksums().forEach((k, v) -> checksums.putIfAbsent(k, v));
    List<String> ancestors = new ArrayList<>(from.getLineage().getAncestorsList());
    ancestors.add(from.getVersion());
    return Lineage.newBuilder()
        .setAlgorithm(from.getLineage().getAlgorithm())
        .putAllHyperparameters(hp)
        .addSourceDomains(plan.domain())
        .putAllDataChecksums(checksums)
        .setSteps(plan.steps())
        .setCodeVersion(codeVersion)
        .addAllAncestors(ancestors)
        .setPretrainedModel(
            from.getLineage().getPretrainedModel().isEmpty()
                ? base.setup().name()
                : from.getLineage().getPretrainedModel())
        .build();
  }

  /** Wall time per stage. */
  private static final class Clock {
    private final long start = System.nanoTime();
    private long lapStart = start;

    long lap() {
      long now = System.nanoTime();
      long millis = (now - lapStart) / 1_000_000;
      lapStart = now;
      return millis;
    }

    long total() {
      return (System.nanoTime() - start) / 1_000_000;
    }
  }

  /** Progress events, stamped with the time since the call started. */
  private static final class Progress {
    private final ProgressSink sink;
    private final Clock clock;

    Progress(ProgressSink sink, Clock clock) {
      this.sink = sink;
      this.clock = clock;
    }

    void stage(AdaptStage stage, String message) {
      sink.report(base(stage).setMessage(message).build());
    }

    void step(int step, int total, float loss) {
      sink.report(
          base(AdaptStage.ADAPT_STAGE_ADAPTING)
              .setStep(step)
              .setTotalSteps(total)
              .setLoss(loss)
              .build());
    }

    void metrics(AdaptStage stage, EvaluationMetrics metrics) {
      sink.report(base(stage).setMetrics(metrics).build());
    }

    void report(ExampleReport report) {
      sink.report(
          base(AdaptStage.ADAPT_STAGE_RETRIEVING)
              .setExampleReport(report)
              .setMessage(report.getMessage())
              .build());
    }

    private AdaptProgress.Builder base(AdaptStage stage) {
      return AdaptProgress.newBuilder()
          .setStage(stage)
          .setElapsedMillis((System.nanoTime() - clock.start) / 1_000_000);
    }
  }
}
