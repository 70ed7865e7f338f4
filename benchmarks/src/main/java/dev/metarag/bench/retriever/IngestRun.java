package dev.metarag.bench.retriever;

import dev.metarag.bench.common.RetrieverConnection;
import dev.metarag.proto.v1.Document;
import java.util.ArrayList;
import java.util.List;

/** Streams a workload's corpus into a collection in batches of 512 and times it. */
final class IngestRun {
  private static final int BATCH = 512;

  /** What one ingest took. */
  record Figures(int documents, long passages, double seconds) {
    double passagesPerSecond() {
      return passages / seconds;
    }
  }

  static Figures ingest(RetrieverConnection client, String collection, MedquadWorkload workload)
      throws Exception {
    long started = System.nanoTime();
    long passages = 0;
    List<Document> batch = new ArrayList<>();
    for (int i = 0; i < workload.corpus().size(); i++) {
      batch.add(workload.document(i));
      if (batch.size() == BATCH || i == workload.corpus().size() - 1) {
        passages += client.ingest(collection, batch).getPassagesIndexed();
        batch.clear();
        System.err.printf(
            "%s: ingested %d passages so far (%.0f s)%n",
            collection, passages, (System.nanoTime() - started) / 1e9);
      }
    }
    return new Figures(workload.corpus().size(), passages, (System.nanoTime() - started) / 1e9);
  }

  private IngestRun() {}
}
