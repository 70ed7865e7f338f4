package dev.metarag.bench.retriever;

import dev.metarag.proto.v1.RetrievalMode;
import dev.metarag.proto.v1.RetrieveRequest;
import java.util.List;

/**
 * One kind of Retrieve call the retriever benchmarks measure: a mode, and whether the client sends
 * the query's vector (precomputed) or lets the service embed the text.
 */
record RetrieveCase(String name, RetrievalMode mode, boolean withVector) {
  static final int TOP_K = 10;

  /** BM25 on text, DENSE and HYBRID on precomputed vectors, DENSE on text. */
  static final List<RetrieveCase> ALL =
      List.of(
          new RetrieveCase("BM25", RetrievalMode.RETRIEVAL_MODE_BM25, false),
          new RetrieveCase("DENSE (vector given)", RetrievalMode.RETRIEVAL_MODE_DENSE, true),
          new RetrieveCase("HYBRID (vector given)", RetrievalMode.RETRIEVAL_MODE_HYBRID, true),
          new RetrieveCase(
              "DENSE (text, embedded by the service)", RetrievalMode.RETRIEVAL_MODE_DENSE, false));

  /**
   * The request for query i of the benchmark; {@code vector} is ignored unless the case sends it.
   */
  RetrieveRequest request(String collection, String query, float[] vector) {
    RetrieveRequest.Builder b =
        RetrieveRequest.newBuilder().setCollection(collection).setMode(mode).setTopK(TOP_K);
    boolean sendsVector = withVector && vector != null;
    if (mode != RetrievalMode.RETRIEVAL_MODE_DENSE || !sendsVector) {
      b.setQuery(query);
    }
    if (sendsVector) {
      for (float x : vector) {
        b.addQueryVector(x);
      }
    }
    return b.build();
  }
}
