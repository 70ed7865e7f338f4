package dev.metarag.bench.retriever;

import dev.metarag.bench.common.Args;
import dev.metarag.bench.common.Machine;
import dev.metarag.bench.common.MarkdownReport;
import dev.metarag.bench.common.RetrieverConnection;
import dev.metarag.bench.common.ServiceModules;
import dev.metarag.bench.common.SystemLoad;
import dev.metarag.data.SharedData;
import dev.metarag.proto.v1.CollectionBackend;
import dev.metarag.proto.v1.LexicalAnalyzer;
import dev.metarag.retriever.collection.EncoderCatalog;
import dev.metarag.testing.ServiceProcess;
import dev.metarag.testing.solr.SolrCloudChild;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The MedQuAD retriever benchmark on both backends side by side: one retriever-service process
 * holds the same corpus in an EMBEDDED collection and in a SOLRCLOUD collection (2 shards x 2
 * replicas on a 2-node SolrCloud of libs/solr-test-cluster in a child JVM on the same machine), and
 * the same queries are timed on each.
 *
 * <pre>
 * ./metarag bench-backends [--documents N] [--queries N] [--solr-heap 3g] [--out FILE]
 *     [--repo-root DIR]
 * </pre>
 */
public final class BackendComparison {
  private static final Map<CollectionBackend, String> BACKENDS = new LinkedHashMap<>();

  static {
    BACKENDS.put(CollectionBackend.COLLECTION_BACKEND_EMBEDDED, "embedded");
    BACKENDS.put(CollectionBackend.COLLECTION_BACKEND_SOLRCLOUD, "solrcloud");
  }

  private final MarkdownReport report = new MarkdownReport();

  private static final String USAGE =
      "usage: ./metarag bench-backends [--documents 3000] [--queries 500] [--solr-heap 3g]"
          + " [--out benchmarks/results/retriever-backends-medquad.md] [--repo-root DIR]";

  public static void main(String[] argv) throws Exception {
    new BackendComparison().run(Args.orUsage(argv, USAGE));
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
    int documents = args.getInt("documents", 3000);
    int queryCount = args.getInt("queries", 500);
    Path out = Path.of(args.get("out", "benchmarks/results/retriever-backends-medquad.md"));
    Path work = Files.createTempDirectory("metarag-bench-backends");
    Path dataDir = work.resolve("data");

    MedquadWorkload workload = MedquadWorkload.read(medquad, documents, queryCount);
    EncoderCatalog encoders = new EncoderCatalog(InProcessRetriever.config(dataDir));
    float[][] vectors =
        workload.embedQueries(encoders.documentEncoder("all-minilm-l6-v2")).vectors();
    encoders.close();

    Map<String, IngestRun.Figures> ingests = new LinkedHashMap<>();
    Map<String, Map<RetrieveCase, LatencyRun.Figures>> latencies = new LinkedHashMap<>();
    Map<String, String> loads = new LinkedHashMap<>();
    try (SolrCloudChild solr =
            SolrCloudChild.start(2, work.resolve("solr"), args.get("solr-heap", "3g"));
        ServiceProcess service =
            ServiceProcess.start(
                ServiceModules.of(args, "retriever-service"),
                List.of(
                    "metarag.retriever.data-dir=" + dataDir,
                    "metarag.retriever.solr.zk-hosts=" + solr.zkHost(),
                    "metarag.retriever.solr.shards=2",
                    "metarag.retriever.solr.replicas=2",
                    "quarkus.log.level=WARN"),
                work.resolve("retriever.log"));
        RetrieverConnection client = new RetrieverConnection(service.target())) {
      for (var backend : BACKENDS.entrySet()) {
        String collection = "bench-medquad-" + backend.getValue();
        loads.put(backend.getValue() + " start", SystemLoad.averages());
        client.recreate(collection, LexicalAnalyzer.LEXICAL_ANALYZER_ENGLISH, backend.getKey());
        ingests.put(backend.getValue(), IngestRun.ingest(client, collection, workload));
        latencies.put(
            backend.getValue(),
            LatencyRun.measure(client, collection, workload.queries(), vectors));
        loads.put(backend.getValue() + " end", SystemLoad.averages());
      }
    }

    header(workload, loads);
    ingestTable(ingests);
    latencyTable(latencies);
    report.writeTo(out);
  }

  private void header(MedquadWorkload workload, Map<String, String> loads) {
    line("# Retriever backends side by side: MedQuAD on EMBEDDED and SOLRCLOUD");
    line("");
    line("- date: %s", LocalDate.now());
    line("- machine: %s", Machine.describe());
    line(
        "- corpus: the first %d MedQuAD answer passages as documents; %d questions sampled (seed 7)"
            + " among them; top_k %d",
        workload.corpus().size(), workload.queries().size(), RetrieveCase.TOP_K);
    line(
        "- one packaged retriever-service (child JVM, default settings) holds both collections;"
            + " SOLRCLOUD is Solr 9.10.1, 2 nodes in one child JVM with embedded ZooKeeper"
            + " (libs/solr-test-cluster), 2 shards x 2 replicas, commit policy hard-commit (an"
            + " acknowledged batch is committed, as EMBEDDED commits Lucene)");
    line(
        "- everything runs on this one machine, so the figures show each backend's cost, not"
            + " SolrCloud's scale-out across machines");
    line(
        "- load averages (1, 5, 15 min; about 2 is this benchmark alone on 2 cores): %s",
        String.join(
            "; ", loads.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()));
    line("");
  }

  private void ingestTable(Map<String, IngestRun.Figures> ingests) {
    line("## Ingest over gRPC (chunk, embed in the service, index, commit; batches of 512)");
    line("");
    line("| backend | documents | passages | seconds | passages/s |");
    line("|---|---|---|---|---|");
    ingests.forEach(
        (backend, f) ->
            line(
                "| %s | %d | %d | %.0f | %.1f |",
                backend, f.documents(), f.passages(), f.seconds(), f.passagesPerSecond()));
    line("");
  }

  private void latencyTable(Map<String, Map<RetrieveCase, LatencyRun.Figures>> latencies) {
    line(
        "## Retrieve latency over gRPC (one client, sequential, after 100 warm-up calls per case;"
            + " ms)");
    line("");
    line(
        "| case | embedded p50 | embedded p99 | solrcloud p50 | solrcloud p99 | embedded search"
            + " p50 | solrcloud search p50 |");
    line("|---|---|---|---|---|---|---|");
    Map<RetrieveCase, LatencyRun.Figures> embedded = latencies.get("embedded");
    Map<RetrieveCase, LatencyRun.Figures> solr = latencies.get("solrcloud");
    for (RetrieveCase c : RetrieveCase.ALL) {
      LatencyRun.Figures e = embedded.get(c);
      LatencyRun.Figures s = solr.get(c);
      line(
          "| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |",
          c.name(),
          e.roundTrip().p50(),
          e.roundTrip().p99(),
          s.roundTrip().p50(),
          s.roundTrip().p99(),
          e.serverSearch().p50(),
          s.serverSearch().p50());
    }
    line("");
  }

  private BackendComparison() {}
}
