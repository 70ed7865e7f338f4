package dev.metarag.bench.retriever;

import dev.metarag.bench.common.Args;
import dev.metarag.bench.common.LatencyStats;
import dev.metarag.bench.common.Machine;
import dev.metarag.bench.common.MarkdownReport;
import dev.metarag.bench.common.RetrieverConnection;
import dev.metarag.bench.common.ServiceModules;
import dev.metarag.data.SharedData;
import dev.metarag.data.qa.QaContext;
import dev.metarag.inference.encoder.SentenceEncoder;
import dev.metarag.proto.v1.LexicalAnalyzer;
import dev.metarag.retriever.collection.Collection;
import dev.metarag.retriever.collection.CollectionRegistry;
import dev.metarag.retriever.collection.EncoderCatalog;
import dev.metarag.retriever.search.FusionSettings;
import dev.metarag.retriever.search.SearchMode;
import dev.metarag.retriever.search.SearchQuery;
import dev.metarag.testing.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The retriever benchmark on MedQuAD: ingest rate, Retrieve latency per mode over gRPC and the same
 * search in-process, throughput with 1, 4 and 16 concurrent clients, and query embedding on its
 * own. Starts the packaged retriever-service as a child process on a fresh data directory.
 *
 * <pre>
 * ./metarag bench-retriever [--documents N] [--queries N] [--seconds S] [--out FILE]
 *     [--repo-root DIR]
 * </pre>
 */
public final class RetrieverBenchmark {
  private static final String USAGE =
      "usage: ./metarag bench-retriever [--documents N] [--queries N] [--seconds S] [--out FILE]"
          + " [--repo-root DIR]";

  private static final String COLLECTION = "bench-medquad";
  private static final int TOP_K = RetrieveCase.TOP_K;
  private static final int WARMUP_CALLS = 3000;

  private final MarkdownReport report = new MarkdownReport();

  public static void main(String[] argv) throws Exception {
    new RetrieverBenchmark().run(Args.orUsage(argv, USAGE));
  }

  private void line(String format, Object... args) {
    report.line(format, args);
  }

  void run(Args args) throws Exception {
    Path medquad = SharedData.resolve("medquad").orElse(null);
    if (medquad == null) {
      System.err.println(SharedData.missingMessage("medquad"));
      return;
    }
    int maxDocuments = args.getInt("documents", Integer.MAX_VALUE);
    int queryCount = args.getInt("queries", 500);
    int seconds = args.getInt("seconds", 10);
    Path out = Path.of(args.get("out", "benchmarks/results/retriever-medquad.md"));
    Path work = Files.createTempDirectory("metarag-bench");
    Path dataDir = work.resolve("data");

    MedquadWorkload workload = MedquadWorkload.read(medquad, maxDocuments, queryCount);
    List<QaContext> corpus = workload.corpus();
    List<String> queries = workload.queries();

    line("# Retriever benchmark: MedQuAD");
    line("");
    line("- date: %s", LocalDate.now());
    line("- machine: %s", Machine.describe());
    line(
        "- corpus: %d MedQuAD answer passages as documents; %d questions sampled (seed 7); top_k %d",
        corpus.size(), queries.size(), TOP_K);
    line(
        "- retriever: packaged retriever-service as a child JVM, default settings (200-token windows, stride 150, 2 encoder threads)");
    line("");

    EncoderCatalog encoders = new EncoderCatalog(InProcessRetriever.config(dataDir));
    SentenceEncoder encoder = encoders.documentEncoder("all-minilm-l6-v2");
    float[][] vectors = reportEmbedding(workload.embedQueries(encoder));

    try (ServiceProcess service =
        ServiceProcess.start(
            ServiceModules.of(args, "retriever-service"),
            serviceProperties(args, dataDir),
            work.resolve("retriever.log"))) {
      try (RetrieverConnection client = new RetrieverConnection(service.target())) {
        // The service starts on a fresh data directory: the collection must be created first.
        client.recreate(COLLECTION, LexicalAnalyzer.LEXICAL_ANALYZER_ENGLISH);
        reportIngest(IngestRun.ingest(client, COLLECTION, workload));
        grpcLatency(client, queries, vectors);
        throughput(service.target(), queries, vectors, seconds);
      }
    }
    inProcessLatency(dataDir, encoders, queries, vectors);
    encoders.close();

    report.writeTo(out);
  }

  /** The service's settings, plus any {@code --property key=value} given for experiments. */
  private List<String> serviceProperties(Args args, Path dataDir) {
    List<String> props =
        new ArrayList<>(List.of("metarag.retriever.data-dir=" + dataDir, "quarkus.log.level=WARN"));
    if (args.has("property")) {
      props.add(args.get("property", ""));
      line("- service property: %s", args.get("property", ""));
    }
    return props;
  }

  private float[][] reportEmbedding(MedquadWorkload.QueryVectors embedded) {
    LatencyStats s = new LatencyStats(embedded.nanos());
    line("## Query embedding (MiniLM-L6 fp32 on ONNX Runtime, in-process, one query at a time)");
    line("");
    line("| queries | p50 ms | p99 ms |");
    line("|---|---|---|");
    line("| %d | %.2f | %.2f |", s.count(), s.p50(), s.p99());
    line("");
    return embedded.vectors();
  }

  private void reportIngest(IngestRun.Figures f) {
    line("## Ingest over gRPC (chunk, embed, index, commit)");
    line("");
    line("| documents | passages | seconds | passages/s |");
    line("|---|---|---|---|");
    line(
        "| %d | %d | %.0f | %.1f |",
        f.documents(), f.passages(), f.seconds(), f.passagesPerSecond());
    line("");
  }

  private final Map<String, LatencyStats> grpcStats = new java.util.LinkedHashMap<>();

  private void grpcLatency(RetrieverConnection client, List<String> queries, float[][] vectors) {
    line(
        "## Retrieve latency over gRPC (one client, sequential, after 100 warm-up calls per case; client-observed round trip)");
    line("");
    line("| case | p50 ms | p99 ms | server search p50 ms |");
    line("|---|---|---|---|");
    LatencyRun.measure(client, COLLECTION, queries, vectors)
        .forEach(
            (c, f) -> {
              grpcStats.put(c.name(), f.roundTrip());
              line(
                  "| %s | %.2f | %.2f | %.2f |",
                  c.name(), f.roundTrip().p50(), f.roundTrip().p99(), f.serverSearch().p50());
            });
    line("");
  }

  private void throughput(String target, List<String> queries, float[][] vectors, int seconds)
      throws Exception {
    line("## Throughput over gRPC (closed loop, %d s per cell, queries/s)", seconds);
    line("");
    line("| case | 1 client | 4 clients | 16 clients |");
    line("|---|---|---|---|");
    for (RetrieveCase c : RetrieveCase.ALL) {
      StringBuilder row = new StringBuilder("| " + c.name() + " |");
      for (int clients : new int[] {1, 4, 16}) {
        row.append(
            String.format(
                Locale.ROOT, " %.0f |", qps(target, c, clients, seconds, queries, vectors)));
      }
      line("%s", row);
    }
    line("");
  }

  private static double qps(
      String target,
      RetrieveCase c,
      int clients,
      int seconds,
      List<String> queries,
      float[][] vectors)
      throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong done = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<RetrieverConnection> connections = new ArrayList<>();
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < clients; t++) {
      RetrieverConnection client = new RetrieverConnection(target);
      connections.add(client);
      int offset = t * 37;
      futures.add(
          pool.submit(
              () -> {
                int i = offset;
                while (!stop.get()) {
                  int q = i++ % queries.size();
                  try {
                    client.blocking.retrieve(c.request(COLLECTION, queries.get(q), vectors[q]));
                    done.incrementAndGet();
                  } catch (RuntimeException e) {
                    errors.incrementAndGet();
                  }
                }
              }));
    }
    long started = System.nanoTime();
    Thread.sleep(seconds * 1000L); // the measurement window itself
    stop.set(true);
    for (Future<?> f : futures) {
      f.get();
    }
    double elapsed = (System.nanoTime() - started) / 1e9;
    pool.shutdown();
    for (RetrieverConnection client : connections) {
      client.close();
    }
    if (errors.get() > 0) {
      throw new IllegalStateException(errors.get() + " failed requests in " + c.name());
    }
    return done.get() / elapsed;
  }

  private void inProcessLatency(
      Path dataDir, EncoderCatalog encoders, List<String> queries, float[][] vectors)
      throws IOException {
    CollectionRegistry registry = InProcessRetriever.open(dataDir, encoders);
    Collection collection = registry.get(COLLECTION);
    line("## The same searches in-process (Collection.search, no gRPC), and the gRPC overhead");
    line("");
    line(
        "| case | in-process p50 ms | in-process p99 ms | gRPC p50 ms | gRPC overhead p50 ms | ratio |");
    line("|---|---|---|---|---|---|");
    for (RetrieveCase c : RetrieveCase.ALL) {
      SearchMode mode =
          switch (c.mode()) {
            case RETRIEVAL_MODE_BM25 -> SearchMode.BM25;
            case RETRIEVAL_MODE_DENSE -> SearchMode.DENSE;
            default -> SearchMode.HYBRID;
          };
      long[] nanos = new long[queries.size()];
      for (int i = 0; i < WARMUP_CALLS; i++) {
        int q = i % queries.size();
        float[] v = mode == SearchMode.BM25 ? null : vectors[q];
        collection.search(
            new SearchQuery(
                queries.get(q), v, mode, TOP_K, Map.of(), FusionSettings.defaults(), 50, false));
      }
      for (int round = 0; round < 1; round++) {
        for (int i = 0; i < queries.size(); i++) {
          long t = System.nanoTime();
          float[] v =
              c.withVector()
                  ? vectors[i]
                  : (mode == SearchMode.BM25
                      ? null
                      : collection.embedQuery(queries.get(i)).vector());
          collection.search(
              new SearchQuery(
                  queries.get(i),
                  v,
                  mode,
                  TOP_K,
                  Map.of(),
                  FusionSettings.defaults(),
                  Math.max(50, 2 * TOP_K),
                  false));
          nanos[i] = System.nanoTime() - t;
        }
      }
      LatencyStats local = new LatencyStats(nanos);
      LatencyStats remote = grpcStats.get(c.name());
      line(
          "| %s | %.2f | %.2f | %.2f | %.2f | %.2f |",
          c.name(),
          local.p50(),
          local.p99(),
          remote.p50(),
          remote.p50() - local.p50(),
          remote.p50() / local.p50());
    }
    line("");
    registry.close();
  }

  private RetrieverBenchmark() {}
}
