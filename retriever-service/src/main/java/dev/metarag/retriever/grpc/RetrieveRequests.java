package dev.metarag.retriever.grpc;

import dev.metarag.inference.encoder.Pooling;
import dev.metarag.proto.v1.FusionSpec;
import dev.metarag.proto.v1.MetadataFilter;
import dev.metarag.proto.v1.RetrieveRequest;
import dev.metarag.retriever.error.InvalidRequestException;
import dev.metarag.retriever.search.FusionSettings;
import dev.metarag.retriever.search.SearchMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and checks the fields of a {@link RetrieveRequest}. */
final class RetrieveRequests {
  static final int DEFAULT_TOP_K = 10;
  static final int DEFAULT_RRF_K = 60;

  private RetrieveRequests() {}

  static SearchMode mode(RetrieveRequest r) {
    return switch (r.getMode()) {
      case RETRIEVAL_MODE_UNSPECIFIED, RETRIEVAL_MODE_HYBRID -> SearchMode.HYBRID;
      case RETRIEVAL_MODE_BM25 -> SearchMode.BM25;
      case RETRIEVAL_MODE_DENSE -> SearchMode.DENSE;
      case UNRECOGNIZED ->
          throw new InvalidRequestException(
              "mode " + r.getModeValue() + " is unknown: use BM25, DENSE or HYBRID");
    };
  }

  static int topK(RetrieveRequest r, int maxTopK) {
    int k = r.getTopK() == 0 ? DEFAULT_TOP_K : r.getTopK();
    if (k < 1 || k > maxTopK) {
      throw new InvalidRequestException(
          "top_k is " + r.getTopK() + "; it must be between 1 and " + maxTopK);
    }
    return k;
  }

  static int candidates(RetrieveRequest r, int topK) {
    int c = r.getCandidatesPerChannel();
    if (c < 0 || c > RequestLimits.MAX_CANDIDATES) {
      throw new InvalidRequestException(
          "candidates_per_channel is "
              + c
              + "; it must be between 0 (default) and "
              + RequestLimits.MAX_CANDIDATES);
    }
    return c == 0 ? Math.max(50, 2 * topK) : c;
  }

  /** The query text, required unless the mode is DENSE with a caller's vector. */
  static String query(RetrieveRequest r, SearchMode mode, int maxChars) {
    String q = r.getQuery();
    RequestLimits.requireAtMost("query length in characters", q.length(), maxChars);
    boolean vectorGiven = r.getQueryVectorCount() > 0;
    if (q.isBlank() && !(mode == SearchMode.DENSE && vectorGiven)) {
      throw new InvalidRequestException(
          mode == SearchMode.DENSE
              ? "query is empty: give query text or query_vector"
              : "query is empty: " + mode + " mode needs query text");
    }
    return q;
  }

  /** The caller's vector, checked and L2-normalised; null when none was given. */
  static float[] callerVector(RetrieveRequest r, int dimension) {
    if (r.getQueryVectorCount() == 0) {
      return null;
    }
    if (r.getQueryVectorCount() != dimension) {
      throw new InvalidRequestException(
          "query_vector has "
              + r.getQueryVectorCount()
              + " values; the collection's embeddings have "
              + dimension);
    }
    float[] v = new float[dimension];
    boolean nonZero = false;
    for (int i = 0; i < dimension; i++) {
      v[i] = r.getQueryVector(i);
      if (!Float.isFinite(v[i])) {
        throw new InvalidRequestException("query_vector[" + i + "] is not a finite number");
      }
      nonZero |= v[i] != 0;
    }
    if (!nonZero) {
      throw new InvalidRequestException("query_vector is all zeros");
    }
    return Pooling.normalize(v);
  }

  static Map<String, List<String>> filters(RetrieveRequest r) {
    RequestLimits.requireAtMost(
        "number of filters", r.getFiltersCount(), RequestLimits.MAX_FILTERS);
    Map<String, List<String>> filters = new LinkedHashMap<>();
    for (MetadataFilter f : r.getFiltersList()) {
      DocumentValidator.validateMetadataKey(f.getKey(), "filter");
      if (f.getAnyOfCount() == 0) {
        throw new InvalidRequestException(
            "filter on '" + f.getKey() + "' has no values: give at least one in any_of");
      }
      RequestLimits.requireAtMost(
          "number of values of filter '" + f.getKey() + "'",
          f.getAnyOfCount(),
          RequestLimits.MAX_FILTER_VALUES);
      if (filters.containsKey(f.getKey())) {
        throw new InvalidRequestException(
            "filter key '" + f.getKey() + "' appears twice: put all its values in one any_of");
      }
      filters.put(f.getKey(), List.copyOf(f.getAnyOfList()));
    }
    return filters;
  }

  static FusionSettings fusion(FusionSpec spec) {
    FusionSettings.Method method =
        switch (spec.getMethod()) {
          case FUSION_METHOD_UNSPECIFIED, FUSION_METHOD_RRF -> FusionSettings.Method.RRF;
          case FUSION_METHOD_LINEAR -> FusionSettings.Method.LINEAR;
          case UNRECOGNIZED ->
              throw new InvalidRequestException(
                  "fusion.method " + spec.getMethodValue() + " is unknown: use RRF or LINEAR");
        };
    float bm25 = spec.getBm25Weight();
    float dense = spec.getDenseWeight();
    if (!(bm25 >= 0) || !(dense >= 0) || !Float.isFinite(bm25) || !Float.isFinite(dense)) {
      throw new InvalidRequestException(
          "fusion weights must be finite and at least 0; got bm25_weight "
              + bm25
              + ", dense_weight "
              + dense);
    }
    if (bm25 == 0 && dense == 0) {
      bm25 = 1;
      dense = 1;
    }
    int rrfK = spec.getRrfK() == 0 ? DEFAULT_RRF_K : spec.getRrfK();
    if (rrfK < 1 || rrfK > 10_000) {
      throw new InvalidRequestException("fusion.rrf_k is " + spec.getRrfK() + "; use 1 to 10000");
    }
    return new FusionSettings(method, bm25, dense, rrfK);
  }
}
