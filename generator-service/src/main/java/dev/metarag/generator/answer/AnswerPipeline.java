package dev.metarag.generator.answer;

import dev.metarag.generator.retrieval.CollectionCache;
import dev.metarag.generator.retrieval.RetrieverClient;
import dev.metarag.generator.serving.DomainModels;
import dev.metarag.generator.serving.ModelLease;
import dev.metarag.generator.serving.PinnedModels;
import dev.metarag.generator.serving.ServingSessions;
import dev.metarag.generator.serving.VersionChooser;
import dev.metarag.proto.v1.AnswerPassages;
import dev.metarag.proto.v1.AnswerResponse;
import dev.metarag.proto.v1.AnswerStats;
import dev.metarag.proto.v1.CollectionInfo;
import dev.metarag.proto.v1.RetrievalMode;
import dev.metarag.proto.v1.RetrieveRequest;
import dev.metarag.proto.v1.RetrieveResponse;
import dev.metarag.proto.v1.ServingModel;
import io.grpc.Deadline;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Answers one question: leases the model (the domain's or a pinned version), gets the passages (the
 * retriever embeds the question when its query encoder is the model's, otherwise the model's own
 * query encoder embeds it here), reads them, and abstains below the threshold.
 */
public final class AnswerPipeline {
  private final CollectionCache collections;
  private final RetrieverClient retriever;
  private final DomainModels domains;
  private final PinnedModels pinned;
  private final VersionChooser chooser;
  private final PassageReader reader = new PassageReader();

  public AnswerPipeline(
      CollectionCache collections,
      RetrieverClient retriever,
      DomainModels domains,
      PinnedModels pinned,
      VersionChooser chooser) {
    this.collections = collections;
    this.retriever = retriever;
    this.domains = domains;
    this.pinned = pinned;
    this.chooser = chooser;
  }

  /**
   * @param deadline the caller's deadline, or null
   * @param onPassages told what retrieval found before the reader runs (AnswerStream's first event)
   */
  public AnswerOutcome answer(
      AnswerPlan plan, Deadline deadline, Consumer<AnswerPassages> onPassages) {
    long started = System.nanoTime();
    // First, so that an unknown domain is NOT_FOUND before any model loads for it.
    CollectionInfo collection = collections.describe(plan.domain(), deadline);
    try (ModelLease lease =
        plan.pinned()
            ? pinned.lease(plan.domain(), chooser.pinned(plan.domain(), plan.pinnedVersion()))
            : domains.lease(plan.domain())) {
      Retrieved retrieved = retrieve(plan, collection, lease.sessions(), deadline);
      ServingModel model = ServingModelView.of(lease.model(), retrieved.retrieverEncoder());
      List<dev.metarag.proto.v1.RetrievedPassage> passages = retrieved.passages();
      onPassages.accept(
          AnswerPassages.newBuilder().addAllPassages(passages).setModel(model).build());

      AnswerResponse.Builder out =
          AnswerResponse.newBuilder()
              .setConfidenceThreshold((float) plan.minConfidence())
              .addAllPassages(passages)
              .setModel(model);
      long readStarted = System.nanoTime();
      int spansScored = 0;
      if (passages.isEmpty()) {
        abstain(out, nothingRetrieved(plan));
      } else {
        Reading reading =
            reader.read(
                lease.sessions(), plan.question(), passages, plan.mode(), plan.maxAnswerTokens());
        spansScored = reading.spansScored();
        if (!reading.found()) {
          abstain(out, "none of the " + passages.size() + " passages holds a word to read");
        } else {
          decide(out, plan, reading, passages);
        }
      }
      long readNanos = passages.isEmpty() ? 0 : System.nanoTime() - readStarted;
      var timings =
          Timings.of(
              retrieved.embedNanos(),
              retrieved.retrieveNanos(),
              readNanos,
              System.nanoTime() - started);
      AnswerResponse response = out.setTimings(timings).build();
      AnswerStats stats =
          AnswerStats.newBuilder()
              .setTimings(timings)
              .setPassagesRead(passages.size())
              .setSpansScored(spansScored)
              .build();
      return new AnswerOutcome(response, stats);
    }
  }

  private static void decide(
      AnswerResponse.Builder out,
      AnswerPlan plan,
      Reading reading,
      List<dev.metarag.proto.v1.RetrievedPassage> passages) {
    SpanHit best = reading.best();
    out.setConfidence((float) best.confidence());
    if (best.confidence() < plan.minConfidence()) {
      abstain(
          out,
          String.format(
              Locale.ROOT,
              "confidence %.3g is below the threshold %.3g",
              best.confidence(),
              plan.minConfidence()));
      return;
    }
    out.setAnswer(passages.get(best.passage()).getText().substring(best.start(), best.end()))
        .addAllCitations(CitationBuilder.of(reading, passages));
  }

  private static void abstain(AnswerResponse.Builder out, String reason) {
    out.setAbstained(true).setAbstainReason(reason);
  }

  private static String nothingRetrieved(AnswerPlan plan) {
    return plan.filters().isEmpty()
        ? "the retriever found no passage in collection '" + plan.domain() + "' for this question"
        : "no passage matched the filters";
  }

  private Retrieved retrieve(
      AnswerPlan plan, CollectionInfo collection, ServingSessions model, Deadline deadline) {
    RetrieveRequest.Builder request =
        RetrieveRequest.newBuilder()
            .setCollection(plan.domain())
            .setQuery(plan.question())
            .setMode(plan.mode())
            .setTopK(plan.topK())
            .addAllFilters(plan.filters());
    if (plan.fusion() != null) {
      request.setFusion(plan.fusion());
    }
    var encoder = collection.getQueryEncoder();
    if (plan.mode() == RetrievalMode.RETRIEVAL_MODE_BM25) {
      long t = System.nanoTime();
      RetrieveResponse response = retriever.retrieve(request.build(), deadline);
      return new Retrieved(response.getPassagesList(), encoder, 0, System.nanoTime() - t);
    }
    if (QueryEmbedding.retrieverEmbedsWith(encoder, model.version())) {
      long t = System.nanoTime();
      RetrieveResponse response = retriever.retrieve(request.build(), deadline);
      long wall = System.nanoTime() - t;
      if (QueryEmbedding.retrieverEmbedsWith(response.getQueryEncoder(), model.version())) {
        long embed = Math.min(wall, response.getEmbedMicros() * 1_000);
        return new Retrieved(
            response.getPassagesList(), response.getQueryEncoder(), embed, wall - embed);
      }
      // The retriever changed its query encoder since it was last asked: embed here instead.
      collections.invalidate(plan.domain());
      encoder = response.getQueryEncoder();
    }
    long t = System.nanoTime();
    float[] vector = model.queryEncoder().embed(plan.question());
    long embed = System.nanoTime() - t;
    for (float v : vector) {
      request.addQueryVector(v);
    }
    t = System.nanoTime();
    RetrieveResponse response = retriever.retrieve(request.build(), deadline);
    return new Retrieved(response.getPassagesList(), encoder, embed, System.nanoTime() - t);
  }
}
