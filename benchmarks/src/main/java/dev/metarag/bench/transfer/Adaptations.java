package dev.metarag.bench.transfer;

import dev.metarag.bench.transfer.RateSelection.Setting;
import dev.metarag.it.story.StoryLog;
import dev.metarag.proto.v1.AdaptRequest;
import dev.metarag.proto.v1.AdaptResponse;
import dev.metarag.proto.v1.AdapterGrpc;
import dev.metarag.proto.v1.ExampleSource;
import dev.metarag.proto.v1.InlineExamples;
import dev.metarag.proto.v1.QaExample;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Trial Adapt calls of the adapter (AdaptRequest.trial: adapted and evaluated, never exported nor
 * registered), the only way the benchmark adapts: the same parameter subset and top-k for every
 * method, the setting given, the support and evaluation questions inline (each with its retrieval
 * scope).
 */
final class Adaptations {
  private static final Duration TIMEOUT = Duration.ofMinutes(30);

  private final AdapterGrpc.AdapterBlockingStub adapter;
  private final TransferPreset preset;
  private final StoryLog log;

  Adaptations(Channel adapterChannel, TransferPreset preset, StoryLog log) {
    this.adapter = AdapterGrpc.newBlockingStub(adapterChannel);
    this.preset = preset;
    this.log = log;
  }

  /**
   * Adapts {@code base} on {@code support} with the setting and evaluates before and after on
   * {@code evaluation}, with one score per question when {@code perQuestion}; empty when the
   * adapter refuses because no support question has its answer among its retrieved passages.
   */
  Optional<AdaptResponse> trial(
      String collection,
      String base,
      List<QaExample> support,
      List<QaExample> evaluation,
      Setting setting,
      boolean perQuestion,
      long seed) {
    AdaptRequest request =
        AdaptRequest.newBuilder()
            .setDomain(collection)
            .setBaseVersion(base)
            .setSupport(inline(support))
            .setEvaluation(inline(evaluation))
            .setSteps(setting.steps())
            .setLearningRate(setting.rate())
            .setParameters(preset.adaptSubset())
            .setRetrievalTopK(preset.retrievalTopK())
            .setSeed(seed)
            .setTrial(true)
            .setExampleScores(perQuestion)
            .setDescription("bench-transfer " + preset.name())
            .build();
    AdaptResponse r;
    try {
      r = adapter.withDeadlineAfter(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).adapt(request);
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.FAILED_PRECONDITION
          && String.valueOf(e.getStatus().getDescription())
              .startsWith("no support example has its answer")) {
        log.line(
            "  %s: %d support, %d evaluated, rate %s x %d: not adapted (%s)",
            base,
            support.size(),
            evaluation.size(),
            setting.rate(),
            setting.steps(),
            e.getStatus().getDescription());
        return Optional.empty();
      }
      throw e;
    }
    if (perQuestion
        && (r.getAfter().getExamplesCount() != evaluation.size()
            || r.getBefore().getExamplesCount() != evaluation.size())) {
      throw new IllegalStateException(
          "the adapter returned "
              + r.getAfter().getExamplesCount()
              + " per-question scores for "
              + evaluation.size()
              + " evaluation questions: it must implement AdaptRequest.example_scores");
    }
    log.line(
        "  %s: %d support (%d used), %d evaluated, rate %s x %d: F1 %.3f -> %.3f in %.1f s",
        base,
        support.size(),
        r.getSupportExamplesUsed(),
        evaluation.size(),
        setting.rate(),
        setting.steps(),
        r.getBefore().getF1(),
        r.getAfter().getF1(),
        r.getTimings().getTotalMillis() / 1000.0);
    return Optional.of(r);
  }

  private static ExampleSource inline(List<QaExample> examples) {
    return ExampleSource.newBuilder()
        .setInline(InlineExamples.newBuilder().addAllExamples(examples))
        .build();
  }
}
