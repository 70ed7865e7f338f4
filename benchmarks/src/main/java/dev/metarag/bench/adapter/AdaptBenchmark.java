package dev.metarag.bench.adapter;

import dev.metarag.bench.common.Args;
import dev.metarag.bench.common.Machine;
import dev.metarag.bench.common.QaBenchData;
import dev.metarag.bench.common.RetrieverConnection;
import dev.metarag.bench.common.ServiceModules;
import dev.metarag.data.qa.QaDataset;
import dev.metarag.data.qa.QaExample;
import dev.metarag.proto.v1.AdaptRequest;
import dev.metarag.proto.v1.AdaptResponse;
import dev.metarag.proto.v1.AdapterGrpc;
import dev.metarag.proto.v1.Document;
import dev.metarag.proto.v1.ExampleSource;
import dev.metarag.proto.v1.InlineExamples;
import dev.metarag.proto.v1.LexicalAnalyzer;
import dev.metarag.proto.v1.ParameterSubset;
import dev.metarag.proto.v1.ParameterSubsetKind;
import dev.metarag.testing.ServiceProcess;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Wall time from an Adapt call to a registered version, on the real MiniLM RAG model, with the
 * retriever and the adapter as real processes: a SQuAD-style data set's contexts are ingested, and
 * the adapter adapts the base model to it from {@code --support} questions (evaluating on {@code
 * --evaluation} others before and after; with 0, on the support set itself), heads only (ANIL) and
 * full ({@code --modes}), {@code --runs} times each. The first call loads the base model and is
 * reported as cold. Without the shared data it says so and exits normally.
 *
 * <pre>
 * ./metarag bench-adapt [--dataset xquad.en | squad:FILE] [--support 16] [--evaluation 16]
 *     [--modes ANIL,FULL] [--runs 3] [--steps 1] [--top-k 5] [--seed 1]
 *     [--base-model all-minilm-l6-v2|tiny] [--out benchmarks/results/adapter-adapt.md]
 *     [--repo-root DIR]
 * </pre>
 */
public final class AdaptBenchmark {
  private static final String USAGE =
      "usage: ./metarag bench-adapt [--dataset xquad.en | squad:FILE] [--support 16] [--evaluation 16] [--modes ANIL,FULL] [--runs 3] [--steps 1] [--top-k 5] [--seed 1] [--base-model all-minilm-l6-v2|tiny] [--out benchmarks/results/adapter-adapt.md] [--repo-root DIR]";

  private static final String DOMAIN = "bench";

  private AdaptBenchmark() {}

  public static void main(String[] argv) throws Exception {
    Args args = Args.orUsage(argv, USAGE);
    String dataset = args.get("dataset", "xquad.en");
    int supportSize = args.getInt("support", 16);
    int evaluationSize = args.getInt("evaluation", 16);
    List<String> modes = List.of(args.get("modes", "ANIL,FULL").split(","));
    if (!List.of("ANIL", "FULL").containsAll(modes)) {
      throw new IllegalArgumentException("--modes takes ANIL, FULL or both, comma-separated");
    }
    int runs = args.getInt("runs", 3);
    int steps = args.getInt("steps", 1);
    int topK = args.getInt("top-k", 5);
    long seed = Long.parseLong(args.get("seed", "1"));
    // The adapter's base model; tiny (a small random BERT) only for quick checks of the program.
    String baseModel = args.get("base-model", "all-minilm-l6-v2");
    Path out = Path.of(args.get("out", "benchmarks/results/adapter-adapt.md"));

    Optional<QaBenchData> loaded = QaBenchData.load(dataset, seed);
    if (loaded.isEmpty()) {
      return;
    }
    QaDataset data = loaded.get().data();
    List<QaExample> questions = loaded.get().questions();
    if (questions.size() < supportSize + evaluationSize) {
      throw new IllegalArgumentException(dataset + " has too few answerable questions");
    }
    List<QaExample> support = questions.subList(0, supportSize);
    List<QaExample> evaluation = questions.subList(supportSize, supportSize + evaluationSize);

    Path work = Files.createTempDirectory("metarag-bench-adapt");
    String load = Files.readString(Path.of("/proc/loadavg")).trim();
    List<AdaptRun> results = new ArrayList<>();
    try (ServiceProcess retriever =
            ServiceProcess.start(
                ServiceModules.of(args, "retriever-service"),
                List.of("metarag.retriever.data-dir=" + work.resolve("retriever")),
                work.resolve("retriever.log"));
        RetrieverConnection connection = new RetrieverConnection(retriever.target())) {
      connection.recreate(DOMAIN, LexicalAnalyzer.LEXICAL_ANALYZER_UNSPECIFIED);
      List<Document> documents = loaded.get().contextDocuments();
      long ingestStart = System.nanoTime();
      connection.ingest(DOMAIN, documents);
      System.err.printf(
          "ingested %d contexts of %s in %.1f s%n",
          documents.size(), dataset, (System.nanoTime() - ingestStart) / 1e9);

      try (ServiceProcess adapter =
          ServiceProcess.start(
              ServiceModules.of(args, "adapter-service"),
              List.of(
                  "metarag.adapter.retriever=" + retriever.target(),
                  "metarag.adapter.registry-dir=" + work.resolve("models"),
                  "metarag.adapter.base-model=" + baseModel,
                  "ai.djl.offline=true",
                  "ai.djl.pytorch.num_threads=2",
                  "ai.djl.pytorch.num_interop_threads=1"),
              work.resolve("adapter.log"))) {
        ManagedChannel channel =
            ManagedChannelBuilder.forTarget(adapter.target()).usePlaintext().build();
        try {
          AdapterGrpc.AdapterBlockingStub stub = AdapterGrpc.newBlockingStub(channel);
          boolean cold = true;
          for (int run = 0; run < runs; run++) {
            for (String mode : modes) {
              AdaptRequest request = request(mode, support, evaluation, steps, topK, seed + run);
              long start = System.nanoTime();
              AdaptResponse response = stub.withDeadlineAfter(30, TimeUnit.MINUTES).adapt(request);
              long millis = (System.nanoTime() - start) / 1_000_000;
              AdaptRun r = new AdaptRun(mode, cold, millis, response, rssMiB(adapter.pid()));
              cold = false;
              results.add(r);
              System.err.println(AdaptReport.row(r));
            }
          }
        } finally {
          channel.shutdownNow();
        }
      }
    }
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("data set", dataset + " (" + data.contexts().size() + " contexts ingested)");
    settings.put("support", supportSize + " questions, inline");
    settings.put(
        "evaluation",
        evaluationSize == 0
            ? "none given: the support set is evaluated before and after (evaluated_on_support)"
            : evaluationSize + " other questions, inline (evaluated before and after)");
    settings.put("steps", String.valueOf(steps));
    settings.put("retrieval_top_k", String.valueOf(topK));
    settings.put(
        "base version",
        baseModel.equals("tiny")
            ? "base (tiny random BERT, fresh heads)"
            : "base (pretrained MiniLM, fresh heads)");
    settings.put("machine", Machine.describe());
    settings.put("load average at the start", load);
    String report = AdaptReport.render(settings, results);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, report);
    System.out.println(report);
    System.err.println("written to " + out);
  }

  private static AdaptRequest request(
      String mode,
      List<QaExample> support,
      List<QaExample> evaluation,
      int steps,
      int topK,
      long seed) {
    ParameterSubsetKind kind =
        mode.equals("ANIL")
            ? ParameterSubsetKind.PARAMETER_SUBSET_KIND_HEADS_ONLY
            : ParameterSubsetKind.PARAMETER_SUBSET_KIND_ALL;
    AdaptRequest.Builder request =
        AdaptRequest.newBuilder()
            .setDomain(DOMAIN)
            .setBaseVersion("base")
            .setSupport(inline(support));
    if (!evaluation.isEmpty()) {
      request.setEvaluation(inline(evaluation));
    }
    return request
        .setSteps(steps)
        .setRetrievalTopK(topK)
        .setParameters(ParameterSubset.newBuilder().setKind(kind))
        .setSeed(seed)
        .setDescription("bench-adapt " + mode)
        .build();
  }

  private static ExampleSource inline(List<QaExample> examples) {
    InlineExamples.Builder inline = InlineExamples.newBuilder();
    for (QaExample e : examples) {
      inline.addExamples(
          dev.metarag.proto.v1.QaExample.newBuilder()
              .setId(e.id())
              .setQuestion(e.question())
              .addAllAnswers(e.answerTexts().stream().distinct().toList())
              .setGoldDocumentId(e.contextId()));
    }
    return ExampleSource.newBuilder().setInline(inline).build();
  }

  private static long rssMiB(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (Exception e) {
      // not Linux, or the process is gone
    }
    return -1;
  }
}
