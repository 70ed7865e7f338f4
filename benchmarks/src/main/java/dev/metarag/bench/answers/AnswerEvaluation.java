package dev.metarag.bench.answers;

import dev.metarag.bench.common.Args;
import dev.metarag.bench.common.Machine;
import dev.metarag.bench.common.RetrieverConnection;
import dev.metarag.bench.common.SystemLoad;
import dev.metarag.data.qa.QaContext;
import dev.metarag.data.qa.QaExample;
import dev.metarag.proto.v1.AnswerRequest;
import dev.metarag.proto.v1.AnswerResponse;
import dev.metarag.proto.v1.GeneratorGrpc;
import dev.metarag.proto.v1.LexicalAnalyzer;
import dev.metarag.proto.v1.MetadataFilter;
import dev.metarag.proto.v1.RetrievalMode;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./metarag eval-answers}: answers each question of the given data sets through a running
 * generator-service, as a user's client would (HYBRID retrieval of the top passages from the data
 * set's collection, the version's reader, the generator's span length), once per model version, and
 * scores the answers with SQuAD EM and F1. Collections are created and filled with the data sets'
 * documents when they do not already hold them all.
 */
public final class AnswerEvaluation {
  private static final String USAGE =
      """
      usage: ./metarag eval-answers [--datasets squad/dev,covidqa/test,policyqa/test,\
      subjqa/electronics/test] [--versions base,general-1] [--questions 500] [--seed 1]
          [--top-k 5] [--unscoped] [--retriever localhost:8101] [--generator localhost:8102]
          [--out benchmarks/results/answers-end-to-end.md]
      Data sets: named shared data sets or squad:<file>. PolicyQA questions are scoped to their
      policy and SubjQA questions to their item (a metadata filter on the request) unless
      --unscoped. Needs the suite (./metarag run).""";

  private AnswerEvaluation() {}

  public static void main(String[] argv) throws Exception {
    run(Args.orUsage(argv, USAGE), String.join(" ", argv), System.out);
  }

  /** Evaluates, prints progress and the report to {@code log}, and writes the report file. */
  static Path run(Args args, String command, PrintStream log) throws Exception {
    List<String> datasets = list(args.get("datasets", "squad/dev"));
    List<String> versions = list(args.get("versions", "base"));
    int limit = args.getInt("questions", 500);
    long seed = args.getInt("seed", 1);
    int topK = args.getInt("top-k", 5);
    boolean scoped = !args.has("unscoped");
    Path out = Path.of(args.get("out", "benchmarks/results/answers-end-to-end.md"));
    String loadBefore = SystemLoad.averages();
    List<String> rows = new ArrayList<>();
    try (RetrieverConnection retriever =
        new RetrieverConnection(args.get("retriever", "localhost:8101"))) {
      ManagedChannel channel =
          ManagedChannelBuilder.forTarget(args.get("generator", "localhost:8102"))
              .usePlaintext()
              .build();
      try {
        GeneratorGrpc.GeneratorBlockingStub generator = GeneratorGrpc.newBlockingStub(channel);
        Float threshold = null;
        for (String name : datasets) {
          EvaluationDomain domain = EvaluationDomain.load(name, scoped);
          fill(retriever, domain, log);
          if (threshold == null) {
            threshold = servedThreshold(generator, domain);
          }
          List<QaExample> questions = domain.questions(limit, seed);
          for (String version : versions) {
            AnswerScores scores = answer(generator, domain, version, questions, topK, threshold);
            String row =
                "| "
                    + name
                    + " | "
                    + (domain.scopeKey() == null
                        ? "whole collection"
                        : "scoped by " + domain.scopeKey())
                    + " | "
                    + version
                    + " | "
                    + scores.cells()
                    + " |";
            log.println(row);
            rows.add(row);
          }
        }
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
    String report =
        String.format(
            Locale.ROOT,
            """
            # Answers end to end through the generator (`./metarag eval-answers %s`)

            - date: %s
            - machine: %s
            - load average (1, 5, 15 min) before: %s; after: %s
            - each question answered by the generator-service: HYBRID retrieval of the top %d
              passages from the data set's collection, the version's int8 reader, spans of at most
              30 tokens; "as served" scores an abstention (confidence below the generator's
              threshold) as an empty answer
            - questions: at most %d answerable questions per data set, drawn with seed %d

            %s
            %s
            """,
            command,
            LocalDateTime.now().withNano(0),
            Machine.describe(),
            loadBefore,
            SystemLoad.averages(),
            topK,
            limit,
            seed,
            AnswerScores.header(topK),
            String.join("\n", rows));
    log.println(report);
    Path parent = out.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temporary = Files.createTempFile(parent, ".answers", ".md");
    Files.writeString(temporary, report);
    Files.move(temporary, out, StandardCopyOption.ATOMIC_MOVE);
    return out;
  }

  /** Creates the data set's collection and ingests its documents unless it holds them all. */
  private static void fill(RetrieverConnection retriever, EvaluationDomain domain, PrintStream log)
      throws Exception {
    var documents = domain.documents();
    if (retriever.exists(domain.collection())
        && retriever.documentCount(domain.collection()) >= documents.size()) {
      return;
    }
    log.printf(
        "eval-answers: filling collection '%s' with %d documents%n",
        domain.collection(), documents.size());
    retriever.recreate(domain.collection(), LexicalAnalyzer.LEXICAL_ANALYZER_ENGLISH);
    retriever.ingest(domain.collection(), documents);
  }

  private static AnswerScores answer(
      GeneratorGrpc.GeneratorBlockingStub generator,
      EvaluationDomain domain,
      String version,
      List<QaExample> questions,
      int topK,
      float threshold) {
    Map<String, QaContext> contexts = domain.data().contextsById();
    AnswerScores scores = new AnswerScores();
    for (QaExample q : questions) {
      AnswerRequest.Builder request =
          AnswerRequest.newBuilder()
              .setQuestion(q.question())
              .setDomain(domain.collection())
              .setTopK(topK)
              .setMode(RetrievalMode.RETRIEVAL_MODE_HYBRID)
              .setModelVersion(version)
              // Never abstain here, so both scorings come from one call; the served threshold is
              // the generator's own, learned from the response of a call without this field.
              .setMinConfidence(0f);
      String scope = domain.scopeOf(q, contexts);
      if (scope != null) {
        request.addFilters(MetadataFilter.newBuilder().setKey(domain.scopeKey()).addAnyOf(scope));
      }
      long started = System.nanoTime();
      AnswerResponse r = generator.answer(request.build());
      double ms = (System.nanoTime() - started) / 1e6;
      boolean goldRead =
          r.getPassagesList().stream().anyMatch(p -> p.getDocumentId().equals(q.contextId()));
      scores.add(r.getAnswer(), r.getConfidence() >= threshold, q.answerTexts(), goldRead, ms);
    }
    return scores;
  }

  /** The generator's configured abstention threshold: the one a request without its own gets. */
  private static float servedThreshold(
      GeneratorGrpc.GeneratorBlockingStub generator, EvaluationDomain domain) {
    QaExample any = domain.data().answerable().getFirst();
    return generator
        .answer(
            AnswerRequest.newBuilder()
                .setQuestion(any.question())
                .setDomain(domain.collection())
                .setModelVersion("base")
                .build())
        .getConfidenceThreshold();
  }

  private static List<String> list(String csv) {
    return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
