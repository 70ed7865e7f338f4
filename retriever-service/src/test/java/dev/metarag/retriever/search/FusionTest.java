package dev.metarag.retriever.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Fusion against values computed by hand. */
class FusionTest {
  // BM25 ranks docs 10, 20, 30; dense ranks 30, 40, 10.
  private static final List<ChannelHit> BM25 =
      List.of(new ChannelHit(10, 9f, 1), new ChannelHit(20, 6f, 2), new ChannelHit(30, 3f, 3));
  private static final List<ChannelHit> DENSE =
      List.of(
          new ChannelHit(30, 0.9f, 1), new ChannelHit(40, 0.7f, 2), new ChannelHit(10, 0.5f, 3));

  @Test
  void reciprocalRankFusionSumsWeightedReciprocalRanks() {
    List<FusedHit> fused =
        Fusion.fuse(BM25, DENSE, new FusionSettings(FusionSettings.Method.RRF, 1f, 1f, 60), 10);

    // doc 10: 1/61 + 1/63 = 0.032266; doc 30: 1/63 + 1/61 = same; doc 20: 1/62 = 0.016129;
    // doc 40: 1/62. Ties break on the lower document number.
    assertThat(fused).extracting(FusedHit::doc).containsExactly(10, 30, 20, 40);
    assertThat(fused.get(0).score()).isCloseTo(0.0322664f, offset(1e-6f));
    assertThat(fused.get(2).score()).isCloseTo(0.0161290f, offset(1e-6f));
  }

  @Test
  void rrfWeightsShiftTheOrder() {
    List<FusedHit> fused =
        Fusion.fuse(BM25, DENSE, new FusionSettings(FusionSettings.Method.RRF, 1f, 3f, 1), 2);

    // k = 1: doc 30: 1/4 + 3/2 = 1.75; doc 10: 1/2 + 3/4 = 1.25; doc 40: 3/3 = 1.0.
    assertThat(fused).extracting(FusedHit::doc).containsExactly(30, 10);
    assertThat(fused.get(0).score()).isCloseTo(1.75f, offset(1e-6f));
    assertThat(fused.get(0).bm25().rank()).isEqualTo(3);
    assertThat(fused.get(0).dense().rank()).isEqualTo(1);
  }

  @Test
  void linearFusionNormalisesEachChannelToTheUnitInterval() {
    List<FusedHit> fused =
        Fusion.fuse(
            BM25, DENSE, new FusionSettings(FusionSettings.Method.LINEAR, 0.5f, 0.5f, 60), 10);

    // BM25 9,6,3 -> 1, 0.5, 0; dense 0.9,0.7,0.5 -> 1, 0.5, 0.
    // doc 10: 0.5*1 + 0.5*0 = 0.5; doc 30: 0.5*0 + 0.5*1 = 0.5; doc 20: 0.25; doc 40: 0.25.
    assertThat(fused).extracting(FusedHit::doc).containsExactly(10, 30, 20, 40);
    assertThat(fused).extracting(FusedHit::score).containsExactly(0.5f, 0.5f, 0.25f, 0.25f);
  }

  @Test
  void aChannelWithEqualScoresCountsFully() {
    List<ChannelHit> flat = List.of(new ChannelHit(1, 2f, 1), new ChannelHit(2, 2f, 2));

    List<FusedHit> fused =
        Fusion.fuse(
            flat, List.of(), new FusionSettings(FusionSettings.Method.LINEAR, 1f, 1f, 60), 10);

    assertThat(fused).extracting(FusedHit::score).containsExactly(1f, 1f);
    assertThat(fused.get(0).dense()).isNull();
  }

  @Test
  void emptyChannelsFuseToNothing() {
    assertThat(Fusion.fuse(List.of(), List.of(), FusionSettings.defaults(), 5)).isEmpty();
  }
}
