package dev.metarag.bench.retriever;

import dev.metarag.bench.common.LatencyStats;
import dev.metarag.bench.common.RetrieverConnection;
import dev.metarag.proto.v1.RetrieveResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Retrieve latency per case over gRPC: one client, sequential, each case warmed up on the first 100
 * queries, then every query once; client-observed round trips and the server's search time.
 */
final class LatencyRun {
  private static final int WARMUP_QUERIES = 100;

  /** The round trips and the service's own search time of one case. */
  record Figures(LatencyStats roundTrip, LatencyStats serverSearch) {}

  static Map<RetrieveCase, Figures> measure(
      RetrieverConnection client, String collection, List<String> queries, float[][] vectors) {
    Map<RetrieveCase, Figures> figures = new LinkedHashMap<>();
    for (RetrieveCase c : RetrieveCase.ALL) {
      for (int i = 0; i < Math.min(WARMUP_QUERIES, queries.size()); i++) {
        client.blocking.retrieve(c.request(collection, queries.get(i), vectors[i]));
      }
      long[] nanos = new long[queries.size()];
      long[] search = new long[queries.size()];
      for (int i = 0; i < queries.size(); i++) {
        var request = c.request(collection, queries.get(i), vectors[i]);
        long t = System.nanoTime();
        RetrieveResponse response = client.blocking.retrieve(request);
        nanos[i] = System.nanoTime() - t;
        search[i] = response.getSearchMicros() * 1000;
      }
      figures.put(c, new Figures(new LatencyStats(nanos), new LatencyStats(search)));
    }
    return figures;
  }

  private LatencyRun() {}
}
