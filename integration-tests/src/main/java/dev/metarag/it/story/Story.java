package dev.metarag.it.story;

import static org.awaitility.Awaitility.await;

import dev.metarag.proto.v1.AdaptEvent;
import dev.metarag.proto.v1.AdaptProgress;
import dev.metarag.proto.v1.AdaptRequest;
import dev.metarag.proto.v1.AdaptResponse;
import dev.metarag.proto.v1.AdaptStage;
import dev.metarag.proto.v1.AdaptStreamRequest;
import dev.metarag.proto.v1.AdapterGrpc;
import dev.metarag.proto.v1.AnswerRequest;
import dev.metarag.proto.v1.AnswerResponse;
import dev.metarag.proto.v1.Citation;
import dev.metarag.proto.v1.CollectionInfo;
import dev.metarag.proto.v1.CreateCollectionRequest;
import dev.metarag.proto.v1.DescribeCollectionRequest;
import dev.metarag.proto.v1.Document;
import dev.metarag.proto.v1.EvaluationMetrics;
import dev.metarag.proto.v1.GeneratorGrpc;
import dev.metarag.proto.v1.GetJobRequest;
import dev.metarag.proto.v1.GetServingModelRequest;
import dev.metarag.proto.v1.IngestRequest;
import dev.metarag.proto.v1.IngestResponse;
import dev.metarag.proto.v1.Job;
import dev.metarag.proto.v1.JobProgress;
import dev.metarag.proto.v1.JobSpec;
import dev.metarag.proto.v1.JobState;
import dev.metarag.proto.v1.ListCollectionsRequest;
import dev.metarag.proto.v1.ListJobsRequest;
import dev.metarag.proto.v1.ListVersionsRequest;
import dev.metarag.proto.v1.ListVersionsResponse;
import dev.metarag.proto.v1.MetaTrainerGrpc;
import dev.metarag.proto.v1.PromoteVersionRequest;
import dev.metarag.proto.v1.PromoteVersionResponse;
import dev.metarag.proto.v1.RetrievalMode;
import dev.metarag.proto.v1.RetrieveRequest;
import dev.metarag.proto.v1.RetrieveResponse;
import dev.metarag.proto.v1.RetrievedPassage;
import dev.metarag.proto.v1.RetrieverGrpc;
import dev.metarag.proto.v1.RollbackVersionRequest;
import dev.metarag.proto.v1.RollbackVersionResponse;
import dev.metarag.proto.v1.ServingModel;
import dev.metarag.proto.v1.SourceDomain;
import dev.metarag.proto.v1.StartJobRequest;
import dev.metarag.proto.v1.WatchJobRequest;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The steps of the story, over gRPC, each printed to a {@link StoryLog} as it happens. Each step
 * returns what the services answered, so that a caller can check it; a step that fails throws the
 * gRPC error. The channels are given (and then owned by the caller) or opened from {@link Targets}
 * (and closed by {@link #close()}).
 */
public final class Story implements AutoCloseable {
  private static final Duration CALL = Duration.ofMinutes(2);
  private final RetrieverGrpc.RetrieverBlockingStub retriever;
  private final RetrieverGrpc.RetrieverStub retrieverAsync;
  private final GeneratorGrpc.GeneratorBlockingStub generator;
  private final MetaTrainerGrpc.MetaTrainerBlockingStub trainer;
  private final AdapterGrpc.AdapterBlockingStub adapter;
  private final List<ManagedChannel> owned;
  private final StoryLog log;

  /** A story over channels the caller owns; a service the story does not use may be null. */
  public Story(
      Channel retriever, Channel generator, Channel metaTrainer, Channel adapter, StoryLog log) {
    this(retriever, generator, metaTrainer, adapter, log, List.of());
  }

  private Story(
      Channel retriever,
      Channel generator,
      Channel metaTrainer,
      Channel adapter,
      StoryLog log,
      List<ManagedChannel> owned) {
    this.retriever = retriever == null ? null : RetrieverGrpc.newBlockingStub(retriever);
    this.retrieverAsync = retriever == null ? null : RetrieverGrpc.newStub(retriever);
    this.generator = generator == null ? null : GeneratorGrpc.newBlockingStub(generator);
    this.trainer = metaTrainer == null ? null : MetaTrainerGrpc.newBlockingStub(metaTrainer);
    this.adapter = adapter == null ? null : AdapterGrpc.newBlockingStub(adapter);
    this.log = log;
    this.owned = owned;
  }

  /** A story over new plaintext channels to the targets, closed with the story. */
  public static Story connect(Targets targets, StoryLog log) {
    ManagedChannel r = channel(targets.retriever());
    ManagedChannel g = channel(targets.generator());
    ManagedChannel t = channel(targets.metaTrainer());
    ManagedChannel a = channel(targets.adapter());
    return new Story(r, g, t, a, log, List.of(r, g, t, a));
  }

  private static ManagedChannel channel(String target) {
    return ManagedChannelBuilder.forTarget(target).usePlaintext().build();
  }

  /** The meta-trainer, for programs that follow their own jobs. */
  public MetaTrainerGrpc.MetaTrainerBlockingStub trainer() {
    return trainer;
  }

  public StoryLog log() {
    return log;
  }

  // ---- Retriever ----

  /** What an ingest step did: the retriever's acknowledgement and the collection after it. */
  public record Ingested(IngestResponse response, CollectionInfo collection) {}

  /**
   * Creates the domain's collection unless it exists (then it is reused: ingest is an upsert) and
   * ingests every document of the domain in one stream.
   */
  public Ingested ingest(QaDomain domain) {
    log.step(
        "Ingest: "
            + domain.documents().size()
            + " documents of '"
            + domain.name()
            + "' ("
            + domain.description()
            + ")");
    ensureCollection(domain.name(), domain.description());
    IngestResponse response = ingest(domain.name(), domain.documents());
    CollectionInfo info = describe(domain.name());
    log.line(
        "%d documents upserted (%d replaced), %d passages indexed, committed in %d ms;"
            + " the collection holds %d documents, %d passages",
        response.getDocumentsUpserted(),
        response.getDocumentsReplaced(),
        response.getPassagesIndexed(),
        response.getTookMillis(),
        info.getDocumentCount(),
        info.getPassageCount());
    return new Ingested(response, info);
  }

  /** Creates a collection with the default settings, or leaves an existing one as it is. */
  public CollectionInfo ensureCollection(String name, String description) {
    try {
      CollectionInfo created =
          retriever
              .withDeadlineAfter(CALL.toMillis(), TimeUnit.MILLISECONDS)
              .createCollection(
                  CreateCollectionRequest.newBuilder()
                      .setName(name)
                      .setDescription(description)
                      .build())
              .getCollection();
      log.line("collection '%s' created", name);
      return created;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
        throw e;
      }
      log.line("collection '%s' exists: documents with the same ids are replaced", name);
      return describe(name);
    }
  }

  /**
   * One client stream of documents; returns the acknowledgement, which the retriever sends only
   * after the durable commit.
   */
  public IngestResponse ingest(String collection, List<Document> documents) {
    IngestStream stream = openIngest(collection);
    documents.forEach(stream::send);
    return stream.complete(CALL);
  }

  /** Starts an ingest stream the caller feeds and completes (or abandons). */
  public IngestStream openIngest(String collection) {
    return new IngestStream(retrieverAsync, collection);
  }

  /** An open Ingest call: documents go out as they are sent; the reply comes after completion. */
  public static final class IngestStream {
    private final CompletableFuture<IngestResponse> reply = new CompletableFuture<>();
    private final StreamObserver<IngestRequest> requests;
    private final String collection;

    private IngestStream(RetrieverGrpc.RetrieverStub stub, String collection) {
      this.collection = collection;
      this.requests =
          stub.ingest(
              new StreamObserver<>() {
                @Override
                public void onNext(IngestResponse value) {
                  reply.complete(value);
                }

                @Override
                public void onError(Throwable t) {
                  reply.completeExceptionally(t);
                }

                @Override
                public void onCompleted() {
                  if (!reply.isDone()) {
                    reply.completeExceptionally(
                        new IllegalStateException("ingest completed without a reply"));
                  }
                }
              });
    }

    public synchronized void send(Document document) {
      requests.onNext(
          IngestRequest.newBuilder().setCollection(collection).setDocument(document).build());
    }

    /** Half-closes the stream and waits for the acknowledgement (the durable commit). */
    public IngestResponse complete(Duration timeout) {
      synchronized (this) {
        requests.onCompleted();
      }
      try {
        return reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw new IllegalStateException(e.getCause());
      } catch (TimeoutException e) {
        throw new IllegalStateException("no ingest acknowledgement within " + timeout, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    /** The acknowledgement or the error, once the call has ended. */
    public CompletableFuture<IngestResponse> reply() {
      return reply;
    }
  }

  public CollectionInfo describe(String collection) {
    return retriever
        .withDeadlineAfter(CALL.toMillis(), TimeUnit.MILLISECONDS)
        .describeCollection(DescribeCollectionRequest.newBuilder().setName(collection).build())
        .getCollection();
  }

  public List<CollectionInfo> collections() {
    return retriever
        .withDeadlineAfter(CALL.toMillis(), TimeUnit.MILLISECONDS)
        .listCollections(ListCollectionsRequest.getDefaultInstance())
        .getCollectionsList();
  }

  /** Ranks a collection's passages for a question (HYBRID) and prints the best ones. */
  public RetrieveResponse retrieve(String collection, String question, int topK) {
    log.step("Retrieve from '" + collection + "': \"" + question + "\" (HYBRID, top " + topK + ")");
    RetrieveResponse response =
        retriever
            .withDeadlineAfter(CALL.toMillis(), TimeUnit.MILLISECONDS)
            .retrieve(
                RetrieveRequest.newBuilder()
                    .setCollection(collection)
                    .setQuery(question)
                    .setMode(RetrievalMode.RETRIEVAL_MODE_HYBRID)
                    .setTopK(topK)
                    .build());
    int rank = 0;
    for (RetrievedPassage p : response.getPassagesList()) {
      log.line(
          "%d. %s [%s] score %.4f (BM25 %s, dense %s): %s",
          ++rank,
          p.getPassageId(),
          p.getTitle(),
          p.getScore(),
          p.getBm25().getMatched() ? "#" + p.getBm25().getRank() : "-",
          p.getDense().getMatched() ? "#" + p.getDense().getRank() : "-",
          StoryLog.shorten(p.getText(), 90));
    }
    log.line(
        "query encoder %s %s; embedding %d us, search %d us",
        response.getQueryEncoder().getName(),
        response.getQueryEncoder().getVersion(),
        response.getEmbedMicros(),
        response.getSearchMicros());
    return response;
  }

  // ---- Meta-trainer ----

  /**
   * Starts a meta-training job and follows it to its end, printing its progress; returns the job as
   * it ended (SUCCEEDED with its theta0, or FAILED or CANCELLED with a message) and its progress
   * events.
   */
  public Trained metaTrain(JobSpec spec, Duration timeout) {
    log.step(
        "Meta-train ("
            + spec.getAlgorithm().name().replace("META_ALGORITHM_", "")
            + ", LOCAL worker) over "
            + spec.getDomainsList().stream().map(SourceDomain::getName).toList()
            + ", evaluated on "
            + spec.getEvaluationDomainsList().stream().map(SourceDomain::getName).toList());
    Job job = trainer.startJob(StartJobRequest.newBuilder().setSpec(spec).build()).getJob();
    log.line(
        "job %s: %d meta-steps, meta-batch %d, support %d + query %d, seed %d",
        job.getId(),
        job.getSpec().getMetaSteps(),
        job.getSpec().getMetaBatchSize(),
        job.getSpec().getSupportSize(),
        job.getSpec().getQuerySize(),
        job.getSpec().getSeed());
    long start = System.nanoTime();
    Iterator<JobProgress> events =
        trainer
            .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .watchJob(WatchJobRequest.newBuilder().setJobId(job.getId()).build());
    List<JobProgress> progress = new ArrayList<>();
    ProgressPrinter printer = new ProgressPrinter(log);
    events.forEachRemaining(
        p -> {
          progress.add(p);
          printer.print(p);
        });
    Job done = trainer.getJob(GetJobRequest.newBuilder().setJobId(job.getId()).build()).getJob();
    log.line(
        "%s after %.0f s%s",
        done.getState().name().replace("JOB_STATE_", ""),
        (System.nanoTime() - start) / 1e9,
        done.getState() == JobState.JOB_STATE_SUCCEEDED
            ? ": registered " + done.getResult().getVersion()
            : ": " + done.getMessage());
    return new Trained(done, progress);
  }

  /** A meta-training job as it ended, and every progress event it sent while watched. */
  public record Trained(Job job, List<JobProgress> progress) {}

  /**
   * Prints what an event adds: each event carries the job's latest figures, so a step, checkpoint,
   * message or evaluation already printed is not printed again.
   */
  private static final class ProgressPrinter {
    private final StoryLog log;
    private long step = -1;
    private long checkpoint = -1;
    private long evaluated = -1;
    private String message = "";

    ProgressPrinter(StoryLog log) {
      this.log = log;
    }

    void print(JobProgress p) {
      if (p.getPreviousState() != JobState.JOB_STATE_UNSPECIFIED) {
        log.line(
            "%s -> %s",
            p.getPreviousState().name().replace("JOB_STATE_", ""),
            p.getState().name().replace("JOB_STATE_", ""));
      }
      if (!p.getMessage().isEmpty() && !p.getMessage().equals(message)) {
        message = p.getMessage();
        log.line(message);
      }
      if (p.getMetaLoss() > 0 && p.getStep() > step) {
        step = p.getStep();
        log.line(
            "step %d/%d: meta-loss %.3f (support loss before adaptation %.3f)%s",
            p.getStep(),
            p.getTotalSteps(),
            p.getMetaLoss(),
            p.getSupportLoss(),
            p.getStepsPerSecond() > 0
                ? String.format(java.util.Locale.ROOT, ", %.2f steps/s", p.getStepsPerSecond())
                : "");
      }
      if (p.hasCheckpoint() && p.getCheckpoint().getStep() > checkpoint) {
        checkpoint = p.getCheckpoint().getStep();
        log.line("checkpoint at step %d", checkpoint);
      }
      if (!p.getEvaluationMap().isEmpty() && p.getStep() > evaluated) {
        evaluated = p.getStep();
        for (Map.Entry<String, EvaluationMetrics> e : p.getEvaluationMap().entrySet()) {
          if (!e.getKey().equals("*") || p.getEvaluationCount() > 2) {
            log.line(
                "evaluation at step %d on %s: %s",
                p.getStep(), e.getKey(), StoryLog.metrics(e.getValue()));
          }
        }
      }
    }
  }

  public List<Job> jobs() {
    return trainer.listJobs(ListJobsRequest.getDefaultInstance()).getJobsList();
  }

  // ---- Adapter ----

  /**
   * Adapts a domain (AdaptStream), printing each stage, each step's loss and the evaluations before
   * and after; returns the result with the registered version.
   */
  public AdaptResponse adapt(AdaptRequest request, Duration timeout) {
    log.step(
        "Adapt '"
            + request.getDomain()
            + "' from "
            + (request.getBaseVersion().isEmpty()
                ? "the newest theta0, general reader or base"
                : request.getBaseVersion())
            + " with "
            + request.getSupport().getInline().getExamplesCount()
            + " labelled examples, evaluated before and after on "
            + request.getEvaluation().getInline().getExamplesCount()
            + " held-out ones");
    Iterator<AdaptEvent> events =
        adapter
            .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .adaptStream(AdaptStreamRequest.newBuilder().setRequest(request).build());
    AdaptResponse result = null;
    AdaptStage stage = AdaptStage.ADAPT_STAGE_UNSPECIFIED;
    while (events.hasNext()) {
      AdaptEvent event = events.next();
      if (event.hasResult()) {
        result = event.getResult();
        continue;
      }
      AdaptProgress p = event.getProgress();
      if (p.getStage() != stage) {
        stage = p.getStage();
        log.line(
            "%-18s at %5.1f s %s",
            stage.name().replace("ADAPT_STAGE_", "").toLowerCase(java.util.Locale.ROOT),
            p.getElapsedMillis() / 1000.0,
            p.getMessage());
      }
      if (p.getStep() > 0) {
        log.line("  step %d/%d: support loss %.3f", p.getStep(), p.getTotalSteps(), p.getLoss());
      }
      if (p.hasExampleReport()) {
        log.line(
            "  skipped %s: %s",
            p.getExampleReport().getExampleId(), p.getExampleReport().getMessage());
      }
    }
    if (result == null) {
      throw new IllegalStateException("AdaptStream ended without a result");
    }
    log.line("adapted from %s (%s)", result.getBase().getVersion(), result.getBase().getKind());
    log.line("before: " + StoryLog.metrics(result.getBefore()));
    log.line("after:  " + StoryLog.metrics(result.getAfter()));
    log.line(
        "registered %s in %.1f s (%d support examples used, %d skipped); %s",
        result.getVersion().getVersion(),
        result.getTimings().getTotalMillis() / 1000.0,
        result.getSupportExamplesUsed(),
        result.getSupportExamplesSkipped(),
        result.getPromotionReason());
    return result;
  }

  /** The BASE and THETA0 versions, newest first. */
  public ListVersionsResponse sharedVersions() {
    return adapter.listVersions(ListVersionsRequest.getDefaultInstance());
  }

  /** A domain's versions, newest first, and its active one. */
  public ListVersionsResponse versions(String domain) {
    return adapter.listVersions(ListVersionsRequest.newBuilder().setDomain(domain).build());
  }

  /** Promotes a version and waits until the generator serves it. */
  public PromoteVersionResponse promote(String domain, String version, Duration timeout) {
    log.step("Promote " + version + " for '" + domain + "'");
    PromoteVersionResponse response =
        adapter.promoteVersion(
            PromoteVersionRequest.newBuilder().setDomain(domain).setVersion(version).build());
    log.line(
        "active: %s (before: %s); the retriever's query encoder for '%s' is now %s",
        response.getActive().getVersion(),
        response.hasPrevious() ? response.getPrevious().getVersion() : "the default model",
        domain,
        describe(domain).getQueryEncoder().getVersion());
    awaitServing(domain, version, timeout);
    return response;
  }

  /** Rolls the domain back and waits until the generator serves what the registry now says. */
  public RollbackVersionResponse rollback(String domain, String defaultVersion, Duration timeout) {
    log.step("Roll back '" + domain + "'");
    RollbackVersionResponse response =
        adapter.rollbackVersion(RollbackVersionRequest.newBuilder().setDomain(domain).build());
    String now = response.getServingDefault() ? defaultVersion : response.getActive().getVersion();
    log.line(
        "rolled back %s; the domain now serves %s%s",
        response.getRolledBack().getVersion(),
        now,
        response.getServingDefault() ? " (the default model)" : "");
    awaitServing(domain, now, timeout);
    return response;
  }

  /** What the generator serves for a domain now. */
  public ServingModel serving(String domain) {
    return generator
        .getServingModel(GetServingModelRequest.newBuilder().setDomain(domain).build())
        .getModel();
  }

  /** Waits until the generator serves that version for the domain (it follows the registry). */
  public ServingModel awaitServing(String domain, String version, Duration timeout) {
    long start = System.nanoTime();
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptionsInstanceOf(StatusRuntimeException.class)
        .until(() -> serving(domain).getVersion().equals(version));
    ServingModel model = serving(domain);
    log.line(
        "the generator serves %s for '%s' (seen after %.1f s)",
        model.getVersion(), domain, (System.nanoTime() - start) / 1e9);
    return model;
  }

  // ---- Generator ----

  /** Asks a question and prints the answer, its confidence, the model and the citations. */
  public AnswerResponse answer(AnswerRequest request) {
    AnswerResponse response =
        generator.withDeadlineAfter(CALL.toMillis(), TimeUnit.MILLISECONDS).answer(request);
    log.line("Q: " + request.getQuestion());
    if (response.getAbstained()) {
      log.line("   abstained: %s", response.getAbstainReason());
    } else {
      log.line(
          "A: \"%s\" (confidence %.3f, model %s)",
          response.getAnswer(), response.getConfidence(), response.getModel().getVersion());
      for (Citation c : response.getCitationsList()) {
        String snippet = c.getSnippet();
        log.line(
            "   cites %s [%d, %d): %s",
            c.getDocumentId(),
            c.getStartChar(),
            c.getEndChar(),
            StoryLog.shorten(
                snippet.substring(0, c.getSnippetStartChar())
                    + "["
                    + snippet.substring(c.getSnippetStartChar(), c.getSnippetEndChar())
                    + "]"
                    + snippet.substring(c.getSnippetEndChar()),
                160));
      }
    }
    return response;
  }

  /** Closes the channels this story opened (none when they were given). */
  @Override
  public void close() throws InterruptedException {
    for (ManagedChannel c : owned) {
      c.shutdownNow();
    }
    for (ManagedChannel c : owned) {
      c.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /**
   * A status in one line for a person at a terminal: its code, its description and the message of
   * its cause (for example "Connection refused"), without the stack trace Status.toString carries.
   */
  public static String brief(Status status) {
    StringBuilder line = new StringBuilder(status.getCode().name());
    if (status.getDescription() != null) {
      line.append(": ").append(status.getDescription());
    }
    Throwable cause = status.getCause();
    while (cause != null && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause != null && cause.getMessage() != null) {
      line.append(" (").append(cause.getMessage()).append(')');
    }
    return line.toString();
  }
}
