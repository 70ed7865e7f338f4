package dev.metarag.bench.generator;

import ai.onnxruntime.OrtEnvironment;
import dev.metarag.bench.common.Args;
import dev.metarag.bench.common.LatencyStats;
import dev.metarag.bench.common.Machine;
import dev.metarag.bench.common.QaBenchData;
import dev.metarag.bench.common.RetrieverConnection;
import dev.metarag.bench.common.ServiceModules;
import dev.metarag.data.qa.QaDataset;
import dev.metarag.data.qa.QaExample;
import dev.metarag.inference.encoder.MiniLmResources;
import dev.metarag.inference.onnx.BaseReader;
import dev.metarag.inference.onnx.OrtSessions;
import dev.metarag.inference.reader.OnnxReader;
import dev.metarag.inference.reader.SpanDecoder;
import dev.metarag.inference.tokenize.EncodedPair;
import dev.metarag.inference.tokenize.WordPieceTokenizer;
import dev.metarag.proto.v1.AnswerRequest;
import dev.metarag.proto.v1.AnswerResponse;
import dev.metarag.proto.v1.GeneratorGrpc;
import dev.metarag.proto.v1.LexicalAnalyzer;
import dev.metarag.proto.v1.RetrievedPassage;
import dev.metarag.testing.ServiceProcess;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Answer latency per stage (embed, retrieve, read, total, as the generator reports them, and the
 * client's wall time) for top_k 5 on the base MiniLM reader, with the retriever and the generator
 * as real processes over a SQuAD-style data set's contexts. Beside it, the reader's own time: the
 * same reader graph on ONNX Runtime in this process, with the generator's thread count, over the
 * very passages each answer read. The target: total p50 at most 1.3 times that reader p50.
 * Without the shared data it says so and exits normally.
 *
 * <pre>
 * ./metarag bench-answer [--dataset xquad.en | squad:FILE] [--questions 200] [--warmup 20]
 *     [--top-k 5] [--seed 1] [--out benchmarks/results/generator-answer.md] [--repo-root DIR]
 * </pre>
 */
public final class AnswerBenchmark {
  private static final String USAGE =
      "usage: ./metarag bench-answer [--dataset xquad.en | squad:FILE] [--questions 200] [--warmup 20] [--top-k 5] [--seed 1] [--out benchmarks/results/generator-answer.md] [--repo-root DIR]";

  private static final String DOMAIN = "bench";
  // The generator's defaults (metarag.generator.intra-op-threads, ReaderSettings).
  private static final int READER_THREADS = 1;
  private static final int MAX_PAIR_TOKENS = 256;
  private static final int MAX_QUESTION_TOKENS = 48;
  private static final double TARGET_RATIO = 1.3;

  private AnswerBenchmark() {}

  public static void main(String[] argv) throws Exception {
    Args args = Args.orUsage(argv, USAGE);
    String dataset = args.get("dataset", "xquad.en");
    int count = args.getInt("questions", 200);
    int warmup = args.getInt("warmup", 20);
    int topK = args.getInt("top-k", 5);
    long seed = Long.parseLong(args.get("seed", "1"));
    Path out = Path.of(args.get("out", "benchmarks/results/generator-answer.md"));

    Optional<QaBenchData> loaded = QaBenchData.load(dataset, seed);
    if (loaded.isEmpty()) {
      return;
    }
    QaDataset data = loaded.get().data();
    List<QaExample> questions = loaded.get().questions();
    if (questions.size() < warmup + count) {
      throw new IllegalArgumentException(dataset + " has too few questions for --questions");
    }

    Path work = Files.createTempDirectory("metarag-bench-answer");
    String load = Files.readString(Path.of("/proc/loadavg")).trim();
    List<AnswerResponse> answers = new ArrayList<>();
    long[] client = new long[count];
    try (ServiceProcess retriever =
            ServiceProcess.start(
                ServiceModules.of(args, "retriever-service"),
                List.of("metarag.retriever.data-dir=" + work.resolve("retriever")),
                work.resolve("retriever.log"));
        RetrieverConnection connection = new RetrieverConnection(retriever.target())) {
      connection.recreate(DOMAIN, LexicalAnalyzer.LEXICAL_ANALYZER_UNSPECIFIED);
      connection.ingest(DOMAIN, loaded.get().contextDocuments());
      try (ServiceProcess generator =
          ServiceProcess.start(
              ServiceModules.of(args, "generator-service"),
              List.of(
                  "metarag.generator.retriever=" + retriever.target(),
                  "metarag.generator.registry-dir=" + work.resolve("models")),
              work.resolve("generator.log"))) {
        ManagedChannel channel =
            ManagedChannelBuilder.forTarget(generator.target()).usePlaintext().build();
        try {
          GeneratorGrpc.GeneratorBlockingStub stub = GeneratorGrpc.newBlockingStub(channel);
          for (int i = 0; i < warmup + count; i++) {
            AnswerRequest request =
                AnswerRequest.newBuilder()
                    .setDomain(DOMAIN)
                    .setQuestion(questions.get(i).question())
                    .setTopK(topK)
                    .setMinConfidence(0f)
                    .build();
            long start = System.nanoTime();
            AnswerResponse response = stub.withDeadlineAfter(60, TimeUnit.SECONDS).answer(request);
            long nanos = System.nanoTime() - start;
            if (i >= warmup) {
              client[i - warmup] = nanos;
              answers.add(response);
            }
          }
        } finally {
          channel.shutdownNow();
        }
      }
    }
    long[] reader = readerAlone(questions.subList(warmup, warmup + count), answers);
    String report =
        report(dataset, data.contexts().size(), topK, warmup, load, answers, client, reader);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, report);
    System.out.println(report);
    System.err.println("written to " + out);
  }

  /** The base reader graph on ONNX Runtime in this process, over each answer's passages. */
  private static long[] readerAlone(List<QaExample> questions, List<AnswerResponse> answers)
      throws Exception {
    byte[] graph = BaseReader.graph();
    WordPieceTokenizer tokenizer =
        WordPieceTokenizer.fromJson(new ByteArrayInputStream(MiniLmResources.tokenizerJson()));
    long[] nanos = new long[answers.size()];
    try (OnnxReader reader =
        new OnnxReader(
            OrtEnvironment.getEnvironment()
                .createSession(graph, OrtSessions.options(READER_THREADS)),
            tokenizer,
            new SpanDecoder(30, 0.05f),
            MAX_PAIR_TOKENS,
            MAX_QUESTION_TOKENS)) {
      for (int round = -1; round < 1; round++) {
        for (int i = 0; i < answers.size(); i++) {
          List<EncodedPair> pairs = new ArrayList<>();
          for (RetrievedPassage p : answers.get(i).getPassagesList()) {
            pairs.add(
                tokenizer.encodePair(
                    questions.get(i).question(),
                    p.getText(),
                    MAX_PAIR_TOKENS,
                    MAX_QUESTION_TOKENS));
          }
          long start = System.nanoTime();
          reader.logits(pairs);
          // The first round warms the session up; the second is measured.
          if (round == 0) {
            nanos[i] = System.nanoTime() - start;
          }
        }
      }
    }
    return nanos;
  }

  private static String report(
      String dataset,
      int contexts,
      int topK,
      int warmup,
      String load,
      List<AnswerResponse> answers,
      long[] client,
      long[] reader) {
    int n = answers.size();
    long[] embed = new long[n];
    long[] retrieve = new long[n];
    long[] read = new long[n];
    long[] total = new long[n];
    int passages = 0;
    for (int i = 0; i < n; i++) {
      var t = answers.get(i).getTimings();
      embed[i] = (long) (t.getEmbedMillis() * 1e6);
      retrieve[i] = (long) (t.getRetrieveMillis() * 1e6);
      read[i] = (long) (t.getReadMillis() * 1e6);
      total[i] = (long) (t.getTotalMillis() * 1e6);
      passages += answers.get(i).getPassagesCount();
    }
    LatencyStats totalStats = new LatencyStats(total);
    LatencyStats readerStats = new LatencyStats(reader);
    double ratio = totalStats.p50() / readerStats.p50();
    StringBuilder md = new StringBuilder();
    md.append("# Answer: latency per stage (base MiniLM reader, ONNX Runtime, CPU)\n\n");
    md.append("- date: ").append(java.time.LocalDate.now()).append('\n');
    md.append("- data set: ")
        .append(dataset)
        .append(" (")
        .append(contexts)
        .append(" contexts ingested)\n");
    md.append("- questions: ")
        .append(n)
        .append(" measured after ")
        .append(warmup)
        .append(" warm-up, one at a time, top_k ")
        .append(topK)
        .append(", HYBRID, min_confidence 0; ")
        .append(String.format(Locale.ROOT, "%.2f", (double) passages / n))
        .append(" passages read per answer\n");
    md.append("- model: base (pretrained MiniLM, untrained heads), reader threads: ")
        .append(READER_THREADS)
        .append('\n');
    md.append("- machine: ").append(Machine.describe()).append('\n');
    md.append("- load average at the start: ").append(load).append('\n');
    md.append(
        "- command: `./metarag bench-answer` (retriever and generator as child processes)\n\n");
    md.append("| stage | p50 ms | p99 ms |\n|---|---|---|\n");
    row(md, "embed (generator's timings)", new LatencyStats(embed));
    row(md, "retrieve", new LatencyStats(retrieve));
    row(md, "read", new LatencyStats(read));
    row(md, "total", totalStats);
    row(md, "client wall time", new LatencyStats(client));
    row(md, "reader alone (same graph and passages, in-process)", readerStats);
    md.append(
        String.format(
            Locale.ROOT,
            "%nTotal p50 / reader-alone p50 = %.2f (target at most %.1f: %s)%n",
            ratio,
            TARGET_RATIO,
            ratio <= TARGET_RATIO ? "met" : "not met"));
    return md.toString();
  }

  private static void row(StringBuilder md, String stage, LatencyStats s) {
    md.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f |%n", stage, s.p50(), s.p99()));
  }
}
