package dev.metarag.it.story;

import dev.metarag.proto.v1.DatasetRef;
import dev.metarag.proto.v1.Document;
import dev.metarag.proto.v1.GeneralReaderSpec;
import dev.metarag.proto.v1.GetJobRequest;
import dev.metarag.proto.v1.IngestResponse;
import dev.metarag.proto.v1.Job;
import dev.metarag.proto.v1.JobKind;
import dev.metarag.proto.v1.JobProgress;
import dev.metarag.proto.v1.JobSpec;
import dev.metarag.proto.v1.JobState;
import dev.metarag.proto.v1.LocalExecutorSpec;
import dev.metarag.proto.v1.ParameterSubset;
import dev.metarag.proto.v1.ParameterSubsetKind;
import dev.metarag.proto.v1.SourceDomain;
import dev.metarag.proto.v1.StartJobRequest;
import dev.metarag.proto.v1.WatchJobRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./metarag pretrain}: trains the general reader on SQuAD against a running suite (./metarag
 * run). Fills the collections {@code squad-train} and {@code squad-dev} with SQuAD's paragraphs
 * (once: a collection that already holds them all is reused), starts a GENERAL_READER job on {@code
 * squad/train} evaluated on questions of {@code squad/dev}, follows it with a progress bar (steps,
 * loss, questions per second, time left, evaluations) and prints the version it registered.
 */
public final class Pretrain {
  private static final String USAGE =
      """
      ./metarag pretrain [--questions 20000] [--epochs 1] [--batch 16] [--rate 1e-4]
          [--warmup 0.1] [--negatives 1] [--parameters ALL|TOP_LAYERS:6] [--eval-questions 200]
          [--evaluate-every 500] [--seed 1] [--threads 2] [--from VERSION]
          [--retriever localhost:8101] [--meta-trainer localhost:8103] [--squad-dir DIR]
          [--out benchmarks/results/general-reader-curve.md]
      Trains the general reader on SQuAD v1.1 train (--questions drawn with --seed; 0 takes all
      87,599) and evaluates it on --eval-questions of SQuAD dev, against a running suite
      (./metarag run). Prints the registered version (general-<n>), which then becomes the starting
      point of meta-training and adaptation. Every evaluation is added to --out as it comes.
      --from continues training from a registered version (for example general-1, with another
      --seed to draw other questions) instead of the pretrained sentence encoder; the dev
      questions are the same in every run, so that curves compare.""";

  /** The settings of a run, with the defaults sized for 150 minutes on 2 cores. */
  record Settings(
      int questions,
      int epochs,
      int batch,
      double rate,
      double warmup,
      int negatives,
      String parameters,
      int evalQuestions,
      int evaluateEvery,
      long seed,
      int threads,
      String from) {}

  // The dev questions every run is evaluated on are drawn with this seed, whatever --seed says.
  private static final long DEV_SEED = 1;

  private Pretrain() {}

  public static void main(String[] argv) throws Exception {
    int status = execute(argv);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * The program behind {@link #main}: parses the options, trains and says what it registered.
   * Returns the exit status, 0 once a version is registered, so that tests run the same path.
   */
  static int execute(String[] argv) throws Exception {
    if (Arrays.asList(argv).contains("--help")) {
      System.out.println(USAGE);
      return 0;
    }
    Map<String, String> args = Options.parse(argv);
    Settings s = settings(args);
    Targets defaults = Targets.localDefaults();
    Targets targets =
        new Targets(
            args.getOrDefault("retriever", defaults.retriever()),
            defaults.generator(),
            args.getOrDefault("meta-trainer", defaults.metaTrainer()),
            defaults.adapter());
    Path squad = Path.of(args.getOrDefault("squad-dir", "../shared/data/squad"));
    StoryLog log = new StoryLog(System.out);
    try (Story story = Story.connect(targets, log)) {
      LearningCurve curve =
          new LearningCurve(
              Path.of(args.getOrDefault("out", "benchmarks/results/general-reader-curve.md")),
              "./metarag pretrain " + String.join(" ", argv),
              s.toString(),
              s.batch());
      Job done = run(story, squad, s, curve, Duration.ofHours(48));
      if (done.getState() != JobState.JOB_STATE_SUCCEEDED) {
        System.err.println("pretrain: job " + done.getId() + " ended " + done.getState());
        return 1;
      }
      System.out.println(
          "pretrain: registered "
              + done.getResult().getVersion()
              + "; it is now the starting point of meta-training and adaptation");
      return 0;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNAVAILABLE) {
        System.err.println(
            "pretrain: a service did not answer ("
                + Story.brief(e.getStatus())
                + "): is the suite running? Start it with ./metarag run in another terminal.");
      } else {
        System.err.println("pretrain: failed: " + Story.brief(e.getStatus()));
      }
      return 1;
    }
  }

  /** The settings the options ask for, the defaults filled in. */
  static Settings settings(Map<String, String> args) {
    return new Settings(
        Integer.parseInt(args.getOrDefault("questions", "20000")),
        Integer.parseInt(args.getOrDefault("epochs", "1")),
        Integer.parseInt(args.getOrDefault("batch", "16")),
        Double.parseDouble(args.getOrDefault("rate", "1e-4")),
        Double.parseDouble(args.getOrDefault("warmup", "0.1")),
        Integer.parseInt(args.getOrDefault("negatives", "1")),
        args.getOrDefault("parameters", "ALL"),
        Integer.parseInt(args.getOrDefault("eval-questions", "200")),
        Integer.parseInt(args.getOrDefault("evaluate-every", "500")),
        Long.parseLong(args.getOrDefault("seed", "1")),
        Integer.parseInt(args.getOrDefault("threads", "2")),
        args.getOrDefault("from", ""));
  }

  /** Fills the two collections, then trains and follows the job to its end. */
  static Job run(Story story, Path squadDir, Settings s, LearningCurve curve, Duration timeout)
      throws Exception {
    ensureFilled(story, "squad-train", squadDir.resolve("train-v1.1.json"));
    ensureFilled(story, "squad-dev", squadDir.resolve("dev-v1.1.json"));
    JobSpec spec = spec(s);
    story.log().step("Train the general reader (GENERAL_READER job, LOCAL worker)");
    Job job = story.trainer().startJob(StartJobRequest.newBuilder().setSpec(spec).build()).getJob();
    story
        .log()
        .line(
            "job %s from %s: %d steps of %d questions, peak rate %s, %d hard negatives, seed %d",
            job.getId(),
            job.getSpec().getBaseModelVersion(),
            job.getTotalSteps(),
            job.getSpec().getGeneralReader().getBatchSize(),
            job.getSpec().getGeneralReader().getLearningRate(),
            job.getSpec().getGeneralReader().getHardNegatives(),
            job.getSpec().getSeed());
    Iterator<JobProgress> events =
        story
            .trainer()
            .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .watchJob(WatchJobRequest.newBuilder().setJobId(job.getId()).build());
    ProgressBar bar = new ProgressBar(story.log(), curve);
    events.forEachRemaining(bar::print);
    return story
        .trainer()
        .getJob(GetJobRequest.newBuilder().setJobId(job.getId()).build())
        .getJob();
  }

  /** Creates and fills a collection with a SQuAD file's paragraphs unless it holds them all. */
  private static void ensureFilled(Story story, String collection, Path file) throws Exception {
    QaDomain domain = QaDomain.fromSquad(collection, "SQuAD v1.1: " + file.getFileName(), file);
    story.ensureCollection(collection, domain.description());
    long held = story.describe(collection).getDocumentCount();
    if (held >= domain.documents().size()) {
      story.log().line("collection '%s' already holds its %d paragraphs", collection, held);
      return;
    }
    // In streams of a thousand paragraphs, each acknowledged after its commit: SQuAD train takes
    // minutes to embed, far past one call's wait, and a run cut short keeps what was committed.
    List<Document> documents = domain.documents();
    long started = System.nanoTime();
    for (int from = 0; from < documents.size(); from += INGEST_CHUNK) {
      Story.IngestStream stream = story.openIngest(collection);
      int done = Math.min(documents.size(), from + INGEST_CHUNK);
      documents.subList(from, done).forEach(stream::send);
      IngestResponse ack = stream.complete(Duration.ofMinutes(30));
      story
          .log()
          .line(
              "%s: %d/%d paragraphs ingested (%d passages in this stream), %.0f s",
              collection,
              done,
              documents.size(),
              ack.getPassagesIndexed(),
              (System.nanoTime() - started) / 1e9);
    }
  }

  /** Paragraphs per ingest stream. */
  private static final int INGEST_CHUNK = 1000;

  static JobSpec spec(Settings s) {
    DatasetRef.Builder train = DatasetRef.newBuilder().setName("squad/train");
    if (s.questions() > 0) {
      train.setLimit(s.questions()).setSeed(s.seed());
    }
    return JobSpec.newBuilder()
        .setKind(JobKind.JOB_KIND_GENERAL_READER)
        .setDisplayName("general reader: SQuAD v1.1 train")
        .addDomains(
            SourceDomain.newBuilder()
                .setName("squad")
                .setCollection("squad-train")
                .setDataset(train))
        .addEvaluationDomains(
            SourceDomain.newBuilder()
                .setName("squad-dev")
                .setCollection("squad-dev")
                .setDataset(
                    DatasetRef.newBuilder()
                        .setName("squad/dev")
                        .setLimit(s.evalQuestions())
                        .setSeed(DEV_SEED)))
        .setEvaluationExamples(s.evalQuestions())
        .setEvaluateEvery(s.evaluateEvery())
        .setGeneralReader(
            GeneralReaderSpec.newBuilder()
                .setEpochs(s.epochs())
                .setBatchSize(s.batch())
                .setLearningRate(s.rate())
                .setWarmupFraction(s.warmup())
                .setHardNegatives(s.negatives()))
        .setTrainableParameters(parameters(s.parameters()))
        .setSeed(s.seed())
        .setBaseModelVersion(s.from())
        .setLocal(LocalExecutorSpec.newBuilder().setThreads(s.threads()))
        .build();
  }

  private static ParameterSubset parameters(String notation) {
    if (notation.startsWith("TOP_LAYERS:")) {
      return ParameterSubset.newBuilder()
          .setKind(ParameterSubsetKind.PARAMETER_SUBSET_KIND_TOP_LAYERS)
          .setTopLayers(Integer.parseInt(notation.substring("TOP_LAYERS:".length())))
          .build();
    }
    return ParameterSubset.newBuilder()
        .setKind(ParameterSubsetKind.valueOf("PARAMETER_SUBSET_KIND_" + notation))
        .build();
  }

  /**
   * One line per ten seconds at most: a bar, the step, the loss, questions per second and the time
   * left; state changes, messages and evaluations as they come.
   */
  static final class ProgressBar {
    private static final long EVERY_MILLIS = 10_000;
    private final StoryLog log;
    private final LearningCurve curve;
    private long printedAt;
    private long evaluated = -1;
    private String message = "";

    ProgressBar(StoryLog log, LearningCurve curve) {
      this.log = log;
      this.curve = curve;
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
      long now = System.currentTimeMillis();
      boolean last = p.getStep() == p.getTotalSteps() && p.getTotalSteps() > 0;
      if (p.getStep() > 0 && (now - printedAt >= EVERY_MILLIS || last)) {
        printedAt = now;
        log.line(line(p));
      }
      if (!p.getEvaluationMap().isEmpty() && p.getStep() > evaluated) {
        evaluated = p.getStep();
        curve.add(p.getStep(), p.getEvaluationOrThrow("*"));
        p.getEvaluationMap().entrySet().stream()
            .filter(e -> !e.getKey().equals("*"))
            .forEach(
                e ->
                    log.line(
                        "evaluation at step %d on %s: %s",
                        p.getStep(), e.getKey(), StoryLog.metrics(e.getValue())));
      }
    }

    static String line(JobProgress p) {
      int width = 30;
      int filled = (int) (width * p.getStep() / Math.max(1, p.getTotalSteps()));
      long etaMinutes = p.getEtaMillis() / 60_000;
      return String.format(
          Locale.ROOT,
          "[%s%s] %d/%d steps | loss %.3f | %.1f questions/s | ETA %s",
          "#".repeat(filled),
          "-".repeat(width - filled),
          p.getStep(),
          p.getTotalSteps(),
          p.getMetaLoss(),
          p.getQuestionsPerSecond(),
          p.getEtaMillis() > 0 ? etaMinutes / 60 + "h " + etaMinutes % 60 + "m" : "-");
    }
  }
}
