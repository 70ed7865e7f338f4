package dev.metarag.bench.transfer;

import dev.metarag.bench.transfer.TransferResults.Cell;
import dev.metarag.bench.transfer.TransferResults.JobResult;
import dev.metarag.bench.transfer.TransferResults.TargetResult;
import dev.metarag.it.story.QaDomain;
import dev.metarag.it.story.Story;
import dev.metarag.proto.v1.AdaptRequest;
import dev.metarag.proto.v1.AdaptResponse;
import dev.metarag.proto.v1.AdapterGrpc;
import dev.metarag.proto.v1.DeleteVersionRequest;
import dev.metarag.proto.v1.EvaluationMetrics;
import dev.metarag.proto.v1.ExampleSource;
import dev.metarag.proto.v1.InlineExamples;
import dev.metarag.proto.v1.Job;
import dev.metarag.proto.v1.JobSpec;
import dev.metarag.proto.v1.JobState;
import dev.metarag.proto.v1.MetaAlgorithm;
import dev.metarag.proto.v1.ParameterSubset;
import dev.metarag.proto.v1.ParameterSubsetKind;
import dev.metarag.proto.v1.QaExample;
import dev.metarag.proto.v1.SourceDomain;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Runs the benchmark for one target domain over gRPC: ingests the sources and the target into their
 * collections, trains JOINT and each meta-learner on the sources with the same budget, then for
 * each seed and k adapts and scores every method on the target's held-out questions, retrieval
 * ranking the target's own corpus. Every version an adaptation registers is deleted once measured.
 */
final class TransferRun {
  private static final Duration ADAPT_TIMEOUT = Duration.ofMinutes(30);

  /** Support questions tried when the smallest k gives no usable one, to score a starting model. */
  private static final int STARTING_POINT_SUPPORT = 64;

  private final Map<String, EvaluationMetrics> startingPoints = new HashMap<>();
  private final Story story;
  private final AdapterGrpc.AdapterBlockingStub adapter;
  private final TransferPreset preset;
  private final UnaryOperator<JobSpec.Builder> executor;
  private final Duration jobTimeout;
  private final Path workDir;
  private final Set<String> ingested = new HashSet<>();

  /**
   * @param executor sets where jobs run (LOCAL by default, or KUBERNETES with its spec)
   */
  TransferRun(
      Story story,
      Channel adapterChannel,
      TransferPreset preset,
      UnaryOperator<JobSpec.Builder> executor,
      Duration jobTimeout,
      Path workDir) {
    this.story = story;
    this.adapter = AdapterGrpc.newBlockingStub(adapterChannel);
    this.preset = preset;
    this.executor = executor;
    this.jobTimeout = jobTimeout;
    this.workDir = workDir;
  }

  TargetResult run(DomainSource target, List<DomainSource> sources) throws IOException {
    story.log().step("Target '" + target.key() + "': sources " + keys(sources));
    DomainData targetData = DomainData.whole(target);
    List<QaExample> questions = targetData.examples();
    int needed = preset.evaluationQuestions() + preset.maxShots();
    if (questions.size() < needed) {
      throw new IllegalArgumentException(
          "target '"
              + target.key()
              + "' has "
              + questions.size()
              + " answerable questions; the preset needs "
              + needed
              + " ("
              + preset.evaluationQuestions()
              + " held out + k up to "
              + preset.maxShots()
              + ")");
    }
    List<DomainData> sourceData = new ArrayList<>();
    for (DomainSource s : sources) {
      sourceData.add(DomainData.source(s, preset.sourceQuestions(), workDir));
    }
    for (DomainData d : sourceData) {
      ingest(d);
    }
    ingest(targetData);

    List<JobResult> jobs = new ArrayList<>();
    JobResult joint = train(MetaAlgorithm.META_ALGORITHM_JOINT, sourceData);
    jobs.add(joint);
    List<JobResult> metas = new ArrayList<>();
    for (MetaAlgorithm a : preset.algorithms()) {
      JobResult r = train(a, sourceData);
      jobs.add(r);
      metas.add(r);
    }

    List<Cell> cells = new ArrayList<>();
    for (long seed : preset.seeds()) {
      List<QaExample> shuffled = new ArrayList<>(questions);
      Collections.shuffle(shuffled, new Random(seed));
      List<QaExample> evaluation = shuffled.subList(0, preset.evaluationQuestions());
      List<QaExample> pool = shuffled.subList(preset.evaluationQuestions(), shuffled.size());
      // Zero-shot: the untrained base on this seed's held-out questions (the same for every k).
      EvaluationMetrics zeroShot =
          startingPoint(targetData.collection(), "base", pool, evaluation, seed);
      for (int k : preset.shots()) {
        cells.add(cell(TransferResults.ZERO_SHOT, k, seed, zeroShot, null, 0, 0));
      }
      for (int k : preset.shots()) {
        List<QaExample> support = pool.subList(0, k);
        cells.add(
            jointFineTuned(targetData.collection(), joint, support, pool, evaluation, k, seed));
        for (JobResult m : metas) {
          String method = TransferResults.metaMethod(m.algorithm());
          Optional<AdaptResponse> r =
              adapt(
                  targetData.collection(),
                  m.theta0(),
                  support,
                  evaluation,
                  0,
                  ParameterSubsetKind.PARAMETER_SUBSET_KIND_UNSPECIFIED,
                  seed);
          cells.add(
              r.isPresent()
                  ? cell(method, k, seed, r.get().getAfter(), r.get(), 0, 0)
                  : unadapted(
                      method,
                      k,
                      seed,
                      startingPoint(targetData.collection(), m.theta0(), pool, evaluation, seed)));
        }
      }
    }
    return new TargetResult(
        target.key(),
        keys(sources),
        targetData.data().contexts().size(),
        questions.size(),
        jobs,
        cells);
  }

  /**
   * Joint training + fine-tuning: each rate of the grid adapts on the support set and is scored on
   * it (no held-out data is touched); the best F1 (then the lower loss) wins and adapts again,
   * scored on the held-out questions.
   */
  private Cell jointFineTuned(
      String collection,
      JobResult joint,
      List<QaExample> support,
      List<QaExample> pool,
      List<QaExample> evaluation,
      int k,
      long seed) {
    double bestRate = preset.learningRateGrid().getFirst();
    double bestF1 = -1;
    double bestLoss = Double.MAX_VALUE;
    double selection = 0;
    for (double rate : preset.learningRateGrid()) {
      Optional<AdaptResponse> onSupport =
          adapt(collection, joint.theta0(), support, List.of(), rate, fineTune(), seed);
      if (onSupport.isEmpty()) {
        // Retrieval does not depend on the rate: no rate can adapt on this support set.
        return unadapted(
            TransferResults.JOINT_FT,
            k,
            seed,
            startingPoint(collection, joint.theta0(), pool, evaluation, seed));
      }
      selection += onSupport.get().getTimings().getTotalMillis() / 1000.0;
      EvaluationMetrics m = onSupport.get().getAfter();
      if (m.getF1() > bestF1 || (m.getF1() == bestF1 && m.getLoss() < bestLoss)) {
        bestF1 = m.getF1();
        bestLoss = m.getLoss();
        bestRate = rate;
      }
    }
    AdaptResponse r =
        adapt(collection, joint.theta0(), support, evaluation, bestRate, fineTune(), seed)
            .orElseThrow();
    return cell(TransferResults.JOINT_FT, k, seed, r.getAfter(), r, selection, bestRate);
  }

  /**
   * A starting model's scores on a seed's held-out questions: the evaluation before of an
   * adaptation (which does not depend on its support set). The first support questions of the pool
   * are tried, then more of them when none of those has its answer among its retrieved passages.
   */
  private EvaluationMetrics startingPoint(
      String collection,
      String theta0,
      List<QaExample> pool,
      List<QaExample> evaluation,
      long seed) {
    String key = collection + " " + theta0 + " " + seed;
    EvaluationMetrics known = startingPoints.get(key);
    if (known != null) {
      return known;
    }
    int smallest = preset.shots().stream().mapToInt(Integer::intValue).min().orElseThrow();
    for (int size : List.of(smallest, Math.min(pool.size(), STARTING_POINT_SUPPORT))) {
      Optional<AdaptResponse> r =
          adapt(
              collection,
              theta0,
              pool.subList(0, size),
              evaluation,
              1e-4,
              ParameterSubsetKind.PARAMETER_SUBSET_KIND_HEADS_ONLY,
              seed);
      if (r.isPresent()) {
        startingPoints.put(key, r.get().getBefore());
        return r.get().getBefore();
      }
    }
    throw new IllegalStateException(
        "no question of the first "
            + STARTING_POINT_SUPPORT
            + " of the pool of '"
            + collection
            + "' has its answer among its top "
            + preset.retrievalTopK()
            + " passages: the target cannot be measured with this preset");
  }

  /**
   * A method that could not adapt at this k (no support question had its answer among its retrieved
   * passages): a user keeps the starting model, so the cell reports it, with no support used.
   */
  private static Cell unadapted(String method, int k, long seed, EvaluationMetrics start) {
    return cell(method, k, seed, start, null, 0, 0);
  }

  private ParameterSubsetKind fineTune() {
    return preset.fineTuneParameters();
  }

  private static Cell cell(
      String method,
      int k,
      long seed,
      EvaluationMetrics m,
      AdaptResponse r,
      double selectionSeconds,
      double rate) {
    return new Cell(
        method,
        k,
        seed,
        m.getExactMatch(),
        m.getF1(),
        m.getRecallAt5(),
        r == null ? 0 : r.getTimings().getAdaptMillis() / 1000.0,
        r == null ? 0 : r.getTimings().getTotalMillis() / 1000.0,
        selectionSeconds,
        rate,
        r == null ? 0 : r.getSupportExamplesUsed(),
        m.getExampleCount());
  }

  /**
   * One adaptation, its version deleted once measured; empty when the adapter refuses it because no
   * support question has its answer among its retrieved passages.
   */
  private Optional<AdaptResponse> adapt(
      String collection,
      String base,
      List<QaExample> support,
      List<QaExample> evaluation,
      double rate,
      ParameterSubsetKind parameters,
      long seed) {
    AdaptRequest.Builder request =
        AdaptRequest.newBuilder()
            .setDomain(collection)
            .setBaseVersion(base)
            .setSupport(inline(support))
            .setSteps(preset.adaptSteps())
            .setLearningRate(rate)
            .setRetrievalTopK(preset.retrievalTopK())
            .setSeed(seed)
            .setDescription("bench-transfer " + preset.name());
    if (parameters != ParameterSubsetKind.PARAMETER_SUBSET_KIND_UNSPECIFIED) {
      ParameterSubset.Builder subset = ParameterSubset.newBuilder().setKind(parameters);
      request.setParameters(subset);
    }
    if (!evaluation.isEmpty()) {
      request.setEvaluation(inline(evaluation));
    }
    AdaptResponse response;
    try {
      response = story.adapt(request.build(), ADAPT_TIMEOUT);
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.FAILED_PRECONDITION
          && String.valueOf(e.getStatus().getDescription())
              .startsWith("no support example has its answer")) {
        story.log().line("not adapted: " + e.getStatus().getDescription());
        return Optional.empty();
      }
      throw e;
    }
    // Each version is a model package (about 360 MB for MiniLM): measured, then deleted.
    adapter.deleteVersion(
        DeleteVersionRequest.newBuilder()
            .setDomain(collection)
            .setVersion(response.getVersion().getVersion())
            .build());
    return Optional.of(response);
  }

  private static ExampleSource inline(List<QaExample> examples) {
    return ExampleSource.newBuilder()
        .setInline(InlineExamples.newBuilder().addAllExamples(examples))
        .build();
  }

  private JobResult train(MetaAlgorithm algorithm, List<DomainData> sources) {
    JobSpec.Builder spec =
        JobSpec.newBuilder()
            .setDisplayName("bench-transfer " + preset.name() + " " + algorithm.name())
            .setAlgorithm(algorithm)
            .setSupportSize(preset.taskSupport())
            .setQuerySize(preset.taskQuery())
            .setMetaBatchSize(preset.metaBatch())
            .setMetaSteps(preset.metaSteps())
            .setInnerSteps(preset.innerSteps())
            .setInnerLearningRate(preset.innerLearningRate())
            .setOuterLearningRate(preset.outerLearningRate())
            .setRetrievalTopK(preset.retrievalTopK())
            .setEvaluationExamples(preset.evaluationPerJob())
            .setEvaluateEvery(preset.metaSteps())
            .setCheckpointEvery(preset.metaSteps())
            .setSeed(20_261_201L);
    ParameterSubset.Builder trainable = ParameterSubset.newBuilder().setKind(preset.trainable());
    if (preset.trainable() == ParameterSubsetKind.PARAMETER_SUBSET_KIND_TOP_LAYERS) {
      trainable.setTopLayers(preset.trainableTopLayers());
    }
    spec.setTrainableParameters(trainable);
    if (algorithm != MetaAlgorithm.META_ALGORITHM_ANIL
        && algorithm != MetaAlgorithm.META_ALGORITHM_JOINT) {
      spec.setInnerParameters(trainable);
    }
    for (DomainData d : sources) {
      spec.addDomains(
          SourceDomain.newBuilder()
              .setName(d.key())
              .setDataset(d.ref())
              .setCollection(d.collection()));
    }
    long start = System.nanoTime();
    Story.Trained trained = story.metaTrain(executor.apply(spec).build(), jobTimeout);
    Job job = trained.job();
    if (job.getState() != JobState.JOB_STATE_SUCCEEDED) {
      throw new IllegalStateException(
          algorithm.name()
              + " job "
              + job.getId()
              + " ended "
              + job.getState()
              + ": "
              + job.getMessage());
    }
    return new JobResult(
        algorithm.name().replace("META_ALGORITHM_", ""),
        job.getId(),
        job.getResult().getVersion(),
        job.getStep(),
        (System.nanoTime() - start) / 1e9);
  }

  private void ingest(DomainData d) {
    if (ingested.add(d.collection())) {
      story.ingest(
          new QaDomain(
              d.collection(),
              "bench-transfer: " + d.key(),
              Path.of("."),
              d.documents(),
              d.examples()));
    }
  }

  private static List<String> keys(List<DomainSource> sources) {
    return sources.stream().map(DomainSource::key).toList();
  }
}
