package dev.metarag.retriever.search;

/**
 * How HYBRID mode combines its channels.
 *
 * @param method RRF or LINEAR
 * @param bm25Weight weight of the BM25 channel, at least 0
 * @param denseWeight weight of the dense channel, at least 0
 * @param rrfK RRF's rank constant, at least 1
 */
public record FusionSettings(Method method, float bm25Weight, float denseWeight, int rrfK) {

  /** The fusion methods. */
  public enum Method {
    RRF,
    LINEAR
  }

  public static FusionSettings defaults() {
    return new FusionSettings(Method.RRF, 1f, 1f, 60);
  }
}
