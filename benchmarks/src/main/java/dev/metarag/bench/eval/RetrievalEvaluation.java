package dev.metarag.bench.eval;

import dev.metarag.bench.common.Args;
import dev.metarag.bench.common.RetrieverConnection;
import dev.metarag.data.beir.CorpusDocument;
import dev.metarag.data.eval.MeanAccumulator;
import dev.metarag.data.eval.RankingMetrics;
import dev.metarag.proto.v1.Document;
import dev.metarag.proto.v1.LexicalAnalyzer;
import dev.metarag.proto.v1.MetadataFilter;
import dev.metarag.proto.v1.RetrievalMode;
import dev.metarag.proto.v1.RetrieveRequest;
import dev.metarag.proto.v1.RetrievedPassage;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Ingests a data set into a collection of a running retriever over gRPC, asks every question in
 * each mode and prints recall@1/5/20, MRR@10 and nDCG@10 at document level (passages of one
 * document count once, at their best rank).
 *
 * <pre>
 * ./metarag eval --dataset xquad.en [--target localhost:8101] [--collection name] [--reuse]
 *                [--queries N] [--scope-by key | --no-scope]
 * </pre>
 */
public final class RetrievalEvaluation {
  private static final String USAGE =
      "usage: ./metarag eval --dataset xquad.en [--target localhost:8101] [--collection name] [--reuse] [--queries N] [--scope-by key | --no-scope]";

  static final List<RetrievalMode> MODES =
      List.of(
          RetrievalMode.RETRIEVAL_MODE_BM25,
          RetrievalMode.RETRIEVAL_MODE_DENSE,
          RetrievalMode.RETRIEVAL_MODE_HYBRID);
  static final String[] METRICS = {"recall@1", "recall@5", "recall@20", "mrr@10", "ndcg@10"};

  private RetrievalEvaluation() {}

  public static void main(String[] argv) throws Exception {
    run(Args.orUsage(argv, USAGE), System.out);
  }

  /** Ingests unless reusing, evaluates and prints the table to {@code out}. */
  static void run(Args args, PrintStream out) throws Exception {
    DatasetSpec spec = DatasetSpec.load(args.require("dataset"));
    String collection = args.get("collection", "eval-" + spec.name());
    String scopeKey = args.has("no-scope") ? null : args.get("scope-by", spec.scopeKey());
    int maxQueries = args.getInt("queries", Integer.MAX_VALUE);
    try (RetrieverConnection client =
        new RetrieverConnection(args.get("target", "localhost:8101"))) {
      if (!(args.has("reuse") && client.exists(collection))) {
        ingest(client, collection, spec);
      }
      Map<RetrievalMode, MeanAccumulator> results =
          evaluate(client, collection, spec, scopeKey, maxQueries);
      out.println();
      out.printf(
          "%s: %d documents, %d queries%s%n",
          spec.name(),
          spec.data().corpus().size(),
          Math.min(maxQueries, spec.data().queries().size()),
          scopeKey == null ? "" : ", each scoped to its own '" + scopeKey + "'");
      out.println(table(results));
    }
  }

  static void ingest(RetrieverConnection client, String collection, DatasetSpec spec)
      throws Exception {
    client.recreate(
        collection,
        spec.chinese()
            ? LexicalAnalyzer.LEXICAL_ANALYZER_CJK
            : LexicalAnalyzer.LEXICAL_ANALYZER_ENGLISH);
    long started = System.nanoTime();
    List<Document> batch = new ArrayList<>();
    long passages = 0;
    int done = 0;
    for (CorpusDocument d : spec.data().corpus()) {
      batch.add(
          Document.newBuilder()
              .setId(d.id())
              .setTitle(d.title())
              .setText(d.text())
              .putAllMetadata(d.metadata())
              .build());
      if (batch.size() == 256) {
        passages += client.ingest(collection, batch).getPassagesIndexed();
        done += batch.size();
        batch.clear();
        System.err.printf("ingested %d/%d documents%n", done, spec.data().corpus().size());
      }
    }
    if (!batch.isEmpty()) {
      passages += client.ingest(collection, batch).getPassagesIndexed();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.err.printf(
        "ingested %d documents, %d passages in %.1f s (%.1f passages/s)%n",
        spec.data().corpus().size(), passages, seconds, passages / seconds);
  }

  static Map<RetrievalMode, MeanAccumulator> evaluate(
      RetrieverConnection client,
      String collection,
      DatasetSpec spec,
      String scopeKey,
      int maxQueries) {
    Map<String, Map<String, String>> metadataById = new HashMap<>();
    for (CorpusDocument d : spec.data().corpus()) {
      metadataById.put(d.id(), d.metadata());
    }
    Map<RetrievalMode, MeanAccumulator> results = new HashMap<>();
    for (RetrievalMode mode : MODES) {
      MeanAccumulator acc = new MeanAccumulator();
      int n = 0;
      for (Map.Entry<String, String> q : spec.data().queries().entrySet()) {
        if (n++ >= maxQueries) {
          break;
        }
        Map<String, Integer> relevance = spec.data().qrels().get(q.getKey());
        RetrieveRequest.Builder request =
            RetrieveRequest.newBuilder()
                .setCollection(collection)
                .setQuery(q.getValue())
                .setMode(mode)
                .setTopK(50);
        if (scopeKey != null) {
          String gold = relevance.keySet().iterator().next();
          String scope = metadataById.get(gold).get(scopeKey);
          request.addFilters(MetadataFilter.newBuilder().setKey(scopeKey).addAnyOf(scope));
        }
        List<String> ranked =
            client.blocking.retrieve(request.build()).getPassagesList().stream()
                .map(RetrievedPassage::getDocumentId)
                .toList();
        acc.add("recall@1", RankingMetrics.recallAtK(ranked, relevance, 1));
        acc.add("recall@5", RankingMetrics.recallAtK(ranked, relevance, 5));
        acc.add("recall@20", RankingMetrics.recallAtK(ranked, relevance, 20));
        acc.add("mrr@10", RankingMetrics.reciprocalRankAtK(ranked, relevance, 10));
        acc.add("ndcg@10", RankingMetrics.ndcgAtK(ranked, relevance, 10));
      }
      results.put(mode, acc);
    }
    return results;
  }

  static String table(Map<RetrievalMode, MeanAccumulator> results) {
    StringBuilder sb = new StringBuilder("| mode |");
    for (String m : METRICS) {
      sb.append(' ').append(m).append(" |");
    }
    sb.append("\n|---|").append("---|".repeat(METRICS.length)).append('\n');
    for (RetrievalMode mode : MODES) {
      sb.append("| ").append(mode.name().replace("RETRIEVAL_MODE_", "")).append(" |");
      for (String m : METRICS) {
        sb.append(String.format(Locale.ROOT, " %.3f |", results.get(mode).mean(m)));
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}
