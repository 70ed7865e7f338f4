package dev.metarag.retriever.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Combines the BM25 and dense rankings of one search into one, whichever backend ran them. */
public final class Fusion {
  private Fusion() {}

  /**
   * Fuses two rankings and keeps the best {@code topK}. Ties are broken by {@link ChannelHit#doc},
   * so results are repeatable.
   */
  public static List<FusedHit> fuse(
      List<ChannelHit> bm25, List<ChannelHit> dense, FusionSettings settings, int topK) {
    Map<Integer, ChannelHit[]> byDoc = new LinkedHashMap<>();
    for (ChannelHit h : bm25) {
      byDoc.computeIfAbsent(h.doc(), d -> new ChannelHit[2])[0] = h;
    }
    for (ChannelHit h : dense) {
      byDoc.computeIfAbsent(h.doc(), d -> new ChannelHit[2])[1] = h;
    }
    Normalizer bm25Norm = Normalizer.of(bm25);
    Normalizer denseNorm = Normalizer.of(dense);
    List<FusedHit> fused = new ArrayList<>(byDoc.size());
    for (Map.Entry<Integer, ChannelHit[]> e : byDoc.entrySet()) {
      ChannelHit b = e.getValue()[0];
      ChannelHit d = e.getValue()[1];
      double score =
          switch (settings.method()) {
            case RRF ->
                reciprocalRank(b, settings.bm25Weight(), settings.rrfK())
                    + reciprocalRank(d, settings.denseWeight(), settings.rrfK());
            case LINEAR ->
                (b == null ? 0 : settings.bm25Weight() * bm25Norm.apply(b.score()))
                    + (d == null ? 0 : settings.denseWeight() * denseNorm.apply(d.score()));
          };
      fused.add(new FusedHit(e.getKey(), (float) score, b, d));
    }
    fused.sort(
        Comparator.comparingDouble(FusedHit::score).reversed().thenComparingInt(FusedHit::doc));
    return fused.size() > topK ? List.copyOf(fused.subList(0, topK)) : fused;
  }

  /** weight / (k + rank), or 0 for a channel that did not return the passage. */
  static double reciprocalRank(ChannelHit hit, float weight, int k) {
    return hit == null ? 0 : weight / (double) (k + hit.rank());
  }

  /** Min-max scaling of one channel's scores to [0, 1]; all-equal scores map to 1. */
  record Normalizer(float min, float max) {
    static Normalizer of(List<ChannelHit> hits) {
      float min = Float.POSITIVE_INFINITY;
      float max = Float.NEGATIVE_INFINITY;
      for (ChannelHit h : hits) {
        min = Math.min(min, h.score());
        max = Math.max(max, h.score());
      }
      return new Normalizer(min, max);
    }

    double apply(float score) {
      return max > min ? (score - min) / (double) (max - min) : 1.0;
    }
  }
}
