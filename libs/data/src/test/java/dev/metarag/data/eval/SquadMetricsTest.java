package dev.metarag.data.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

class SquadMetricsTest {

  @Test
  void normalisationDropsCasePunctuationArticlesAndExtraSpace() {
    assertThat(SquadMetrics.normalize("The  Cat!")).isEqualTo("cat");
    assertThat(SquadMetrics.normalize("an apple, a pear")).isEqualTo("apple pear");
  }

  @Test
  void exactMatchTakesTheBestGold() {
    assertThat(SquadMetrics.exactMatch("the cat", List.of("dog", "Cat."))).isEqualTo(1);
    assertThat(SquadMetrics.exactMatch("cats", List.of("cat"))).isZero();
  }

  @Test
  void f1IsOverWordBags() {
    // prediction "ninety days of logs" -> [ninety, days, of, logs]; gold "ninety days" -> 2 common.
    // precision 2/4, recall 2/2, F1 = 2 * 0.5 * 1 / 1.5 = 0.666667.
    assertThat(SquadMetrics.f1("ninety days of logs", List.of("ninety days")))
        .isCloseTo(2 / 3.0, offset(1e-9));
    assertThat(SquadMetrics.f1("nothing shared", List.of("ninety days"))).isZero();
    assertThat(SquadMetrics.f1("The", List.of("a"))).isEqualTo(1.0);
  }

  @Test
  void characterF1ComparesCharacters() {
    // "北京市" vs "北京": common 2, precision 2/3, recall 1, F1 = 0.8.
    assertThat(SquadMetrics.characterF1("北京市", List.of("北京"))).isCloseTo(0.8, offset(1e-9));
    assertThat(SquadMetrics.characterF1("北京。", List.of("北京"))).isEqualTo(1.0);
  }
}
