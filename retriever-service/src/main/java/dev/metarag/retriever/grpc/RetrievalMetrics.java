package dev.metarag.retriever.grpc;

import dev.metarag.retriever.search.SearchMode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;

/**
 * Prometheus metrics of the retriever beyond the per-RPC ones gRPC already records: latency
 * histograms of search and query embedding per mode, and ingest counters.
 */
@Startup
@ApplicationScoped
public class RetrievalMetrics {
  private final Map<SearchMode, Timer> search = new EnumMap<>(SearchMode.class);
  private final Map<SearchMode, Timer> retrieve = new EnumMap<>(SearchMode.class);
  private final Timer embed;
  private final Counter documents;
  private final Counter passages;

  public RetrievalMetrics(MeterRegistry registry) {
    for (SearchMode mode : SearchMode.values()) {
      String tag = mode.name().toLowerCase(java.util.Locale.ROOT);
      search.put(
          mode,
          Timer.builder("metarag.retriever.search")
              .description("Index search time, without query embedding")
              .tag("mode", tag)
              .publishPercentileHistogram()
              .register(registry));
      retrieve.put(
          mode,
          Timer.builder("metarag.retriever.retrieve")
              .description("Retrieve time in the service: embedding, search and response")
              .tag("mode", tag)
              .publishPercentileHistogram()
              .register(registry));
    }
    embed =
        Timer.builder("metarag.retriever.query.embedding")
            .description("Query embedding time")
            .publishPercentileHistogram()
            .register(registry);
    documents =
        Counter.builder("metarag.retriever.ingest.documents")
            .description("Documents upserted")
            .register(registry);
    passages =
        Counter.builder("metarag.retriever.ingest.passages")
            .description("Passages indexed")
            .register(registry);
  }

  void recordSearch(SearchMode mode, long nanos) {
    search.get(mode).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  void recordRetrieve(SearchMode mode, long nanos) {
    retrieve.get(mode).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  void recordEmbedding(long nanos) {
    embed.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  void recordIngest(long documentCount, long passageCount) {
    documents.increment(documentCount);
    passages.increment(passageCount);
  }
}
