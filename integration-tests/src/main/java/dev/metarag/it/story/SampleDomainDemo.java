package dev.metarag.it.story;

import dev.metarag.proto.v1.AdaptRequest;
import dev.metarag.proto.v1.AdaptResponse;
import dev.metarag.proto.v1.AnswerRequest;
import dev.metarag.proto.v1.AnswerResponse;
import dev.metarag.proto.v1.ExampleSource;
import dev.metarag.proto.v1.InlineExamples;
import dev.metarag.proto.v1.ModelVersion;
import dev.metarag.proto.v1.ParameterSubset;
import dev.metarag.proto.v1.ParameterSubsetKind;
import dev.metarag.proto.v1.PromotePolicy;
import dev.metarag.proto.v1.PromoteVersionResponse;
import dev.metarag.proto.v1.QaExample;
import dev.metarag.proto.v1.RetrieveResponse;
import dev.metarag.proto.v1.RollbackVersionResponse;
import dev.metarag.proto.v1.ServingModel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The story on the sample domain ({@code examples/sample-domain}: passages and questions about a
 * made-up island), against a running suite: ingest, retrieve, the starting model, adapt with 16
 * examples evaluated before and after on the held-out questions, promote, answer the held-out
 * questions with citations, roll back and answer again. {@code ./metarag demo} runs {@link #main};
 * the build runs {@link #run} against a suite of processes and checks every step.
 *
 * <pre>
 * ./metarag demo [--retriever localhost:8101] [--generator localhost:8102]
 *     [--meta-trainer localhost:8103] [--adapter localhost:8104]
 *     [--domain-file examples/sample-domain/halvard.json] [--domain halvard]
 *     [--support 16] [--steps 10] [--learning-rate 0] [--parameters HEADS_ONLY]
 *     [--base-version ""] [--seed 7]
 * </pre>
 */
public final class SampleDomainDemo {
  private static final Duration ADAPT_TIMEOUT = Duration.ofMinutes(30);
  private static final Duration SWAP_TIMEOUT = Duration.ofMinutes(1);

  private SampleDomainDemo() {}

  /**
   * How the demo adapts: heads only, ten steps. From base, whose span heads are untrained, one
   * small step (the default of Adapt) would change nothing visible, so the rate follows the
   * starting point ({@link StartingPoint#demoAdaptationRate}).
   *
   * @param learningRate 0: the rate that suits the starting point
   * @param baseVersion empty: the newest theta0, else the newest general reader, else base
   */
  public record Settings(
      String domain,
      int supportSize,
      int steps,
      double learningRate,
      ParameterSubsetKind parameters,
      String baseVersion,
      long seed) {

    public static Settings defaults() {
      return new Settings(
          "halvard", 16, 10, 0, ParameterSubsetKind.PARAMETER_SUBSET_KIND_HEADS_ONLY, "", 7);
    }
  }

  /** What each step returned, for a caller that checks them. */
  public record Outcome(
      Story.Ingested ingested,
      QaExample retrievalQuestion,
      RetrieveResponse retrieval,
      ServingModel servingBefore,
      String startingPoint,
      QaDomain.Split split,
      AdaptResponse adaptation,
      PromoteVersionResponse promotion,
      ServingModel servingAfterPromotion,
      List<AnswerResponse> answers,
      RollbackVersionResponse rollback,
      ServingModel servingAfterRollback,
      AnswerResponse answerAfterRollback) {}

  /** Runs the demo's steps with the story and returns what each step returned. */
  public static Outcome run(Story story, QaDomain domain, Settings settings) {
    StoryLog log = story.log();
    Story.Ingested ingested = story.ingest(domain);

    QaDomain.Split split = domain.split(settings.supportSize(), 0, settings.seed());
    QaExample probe = split.support().get(0);
    RetrieveResponse retrieval = story.retrieve(domain.name(), probe.getQuestion(), 3);
    log.line("(the passage that answers it is in document %s)", probe.getGoldDocumentId());

    log.step("The starting point");
    List<ModelVersion> shared = story.sharedVersions().getVersionsList();
    for (ModelVersion v : shared) {
      log.line(
          "%s (%s)%s",
          v.getVersion(),
          v.getKind().name().replace("MODEL_KIND_", ""),
          v.getDescription().isEmpty() ? "" : ": " + v.getDescription());
    }
    ServingModel before = story.serving(domain.name());
    log.line(
        "the generator answers '%s' with %s now%s",
        domain.name(),
        before.getVersion(),
        before.getIsBase() ? " (the default model: the domain has no adapted version)" : "");
    String startingPoint = StartingPoint.of(settings.baseVersion(), shared);
    log.line(
        "this demo does not meta-train: a job needs source domains with their own labelled data"
            + " (README, 'Meta-training with grpcurl'); it adapts from %s%s",
        startingPoint,
        settings.baseVersion().isEmpty()
            ? " (the newest theta0, else the newest general reader, else base)"
            : "");
    StartingPoint.advice(startingPoint, shared).forEach(log::line);
    double rate =
        settings.learningRate() > 0
            ? settings.learningRate()
            : StartingPoint.demoAdaptationRate(startingPoint);
    log.line(
        "heads only, %d steps at rate %s (%s)",
        settings.steps(),
        rate,
        settings.learningRate() > 0 ? "--learning-rate" : "the demo's rate from " + startingPoint);

    AdaptResponse adaptation =
        story.adapt(adaptRequest(domain.name(), split, settings, rate), ADAPT_TIMEOUT);
    String version = adaptation.getVersion().getVersion();

    PromoteVersionResponse promotion = story.promote(domain.name(), version, SWAP_TIMEOUT);
    ServingModel afterPromotion = story.serving(domain.name());

    log.step(
        "Answer the "
            + split.evaluation().size()
            + " held-out questions (never seen in adaptation) with "
            + version);
    List<AnswerResponse> answers = new ArrayList<>();
    for (QaExample q : split.evaluation()) {
      AnswerResponse a = story.answer(question(domain.name(), q));
      log.line("   expected: \"%s\"", String.join("\" or \"", q.getAnswersList()));
      answers.add(a);
    }
    long answered = answers.stream().filter(a -> !a.getAbstained()).count();
    log.line(
        "%d of %d answered at the confidence threshold %.2f, %d exactly right",
        answered,
        answers.size(),
        answers.isEmpty() ? 0f : answers.get(0).getConfidenceThreshold(),
        exactlyRight(answers, split.evaluation()));

    RollbackVersionResponse rollback =
        story.rollback(domain.name(), before.getVersion(), SWAP_TIMEOUT);
    ServingModel afterRollback = story.serving(domain.name());
    log.step("Answer again after the rollback");
    AnswerResponse again = story.answer(question(domain.name(), split.evaluation().get(0)));
    log.line("answered by %s", again.getModel().getVersion());

    return new Outcome(
        ingested,
        probe,
        retrieval,
        before,
        startingPoint,
        split,
        adaptation,
        promotion,
        afterPromotion,
        answers,
        rollback,
        afterRollback,
        again);
  }

  private static AdaptRequest adaptRequest(
      String domain, QaDomain.Split split, Settings settings, double rate) {
    return AdaptRequest.newBuilder()
        .setDomain(domain)
        .setBaseVersion(settings.baseVersion())
        .setSupport(inline(split.support()))
        .setEvaluation(inline(split.evaluation()))
        .setSteps(settings.steps())
        .setLearningRate(rate)
        .setParameters(ParameterSubset.newBuilder().setKind(settings.parameters()))
        .setPromote(PromotePolicy.PROMOTE_POLICY_NEVER)
        .setSeed(settings.seed())
        .setDescription("./metarag demo on the sample domain")
        .build();
  }

  private static ExampleSource inline(List<QaExample> examples) {
    return ExampleSource.newBuilder()
        .setInline(InlineExamples.newBuilder().addAllExamples(examples))
        .build();
  }

  private static AnswerRequest question(String domain, QaExample q) {
    return AnswerRequest.newBuilder().setDomain(domain).setQuestion(q.getQuestion()).build();
  }

  private static long exactlyRight(List<AnswerResponse> answers, List<QaExample> questions) {
    long right = 0;
    for (int i = 0; i < answers.size(); i++) {
      String a = answers.get(i).getAnswer().trim().toLowerCase(Locale.ROOT);
      if (!a.isEmpty()
          && questions.get(i).getAnswersList().stream()
              .anyMatch(g -> g.trim().toLowerCase(Locale.ROOT).equals(a))) {
        right++;
      }
    }
    return right;
  }

  private static final String USAGE =
      """
      ./metarag demo [--retriever localhost:8101] [--generator localhost:8102]
          [--meta-trainer localhost:8103] [--adapter localhost:8104]
          [--domain-file examples/sample-domain/halvard.json] [--domain halvard]
          [--support 16] [--steps 10] [--learning-rate 0] [--parameters HEADS_ONLY|TOP_LAYERS|ALL]
          [--base-version ""] [--seed 7]
      Runs the story on the sample domain against a running suite (./metarag run): ingest,
      retrieve, adapt (from --base-version; empty: the newest theta0, else the newest general
      reader, else base) with --support examples evaluated before and after on the others
      (--learning-rate 0: 0.5 from base, whose heads are random, 0.05 from a trained reader),
      promote, answer the held-out questions with citations, roll back.""";

  public static void main(String[] argv) throws Exception {
    if (java.util.Arrays.asList(argv).contains("--help")) {
      System.out.println(USAGE);
      return;
    }
    Map<String, String> args = Options.parse(argv);
    Targets defaults = Targets.localDefaults();
    Targets targets =
        new Targets(
            args.getOrDefault("retriever", defaults.retriever()),
            args.getOrDefault("generator", defaults.generator()),
            args.getOrDefault("meta-trainer", defaults.metaTrainer()),
            args.getOrDefault("adapter", defaults.adapter()));
    Settings d = Settings.defaults();
    Settings settings =
        new Settings(
            args.getOrDefault("domain", d.domain()),
            Integer.parseInt(args.getOrDefault("support", String.valueOf(d.supportSize()))),
            Integer.parseInt(args.getOrDefault("steps", String.valueOf(d.steps()))),
            Double.parseDouble(
                args.getOrDefault("learning-rate", String.valueOf(d.learningRate()))),
            ParameterSubsetKind.valueOf(
                "PARAMETER_SUBSET_KIND_"
                    + args.getOrDefault("parameters", "HEADS_ONLY").toUpperCase(Locale.ROOT)),
            args.getOrDefault("base-version", d.baseVersion()),
            Long.parseLong(args.getOrDefault("seed", String.valueOf(d.seed()))));
    Path file = Path.of(args.getOrDefault("domain-file", "examples/sample-domain/halvard.json"));
    QaDomain domain =
        QaDomain.fromSquad(
            settings.domain(), "Halvard Island, a made-up place: " + file.getFileName(), file);

    StoryLog log = new StoryLog(System.out);
    System.out.println(
        "MetaRAG demo: the sample domain '"
            + settings.domain()
            + "' against retriever "
            + targets.retriever()
            + ", generator "
            + targets.generator()
            + ", adapter "
            + targets.adapter());
    try (Story story = Story.connect(targets, log)) {
      run(story, domain, settings);
      System.out.println();
      System.out.println("demo: done");
    } catch (StatusRuntimeException e) {
      System.err.println();
      if (e.getStatus().getCode() == Status.Code.UNAVAILABLE) {
        System.err.println(
            "demo: a service did not answer ("
                + Story.brief(e.getStatus())
                + "): is the suite running? Start it with ./metarag run in another terminal.");
      } else {
        System.err.println("demo: failed: " + Story.brief(e.getStatus()));
      }
      System.exit(1);
    }
  }
}
