package dev.metarag.data.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

class SquadMetricsTest {

  @Test
  void normalisationDropsCasePunctuationArticlesAndExtraSpace() {
    assertThat(SquadMetrics.normalize("The Cat!")).isEqualTo("cat");
    assertThat(SquadMetrics.normalize("  an apple,\ta pear  ")).isEqualTo("apple pear");
    // Articles only as whole words: "theatre" and "Ana" keep their letters.
    assertThat(SquadMetrics.normalize("Theatre of Ana")).isEqualTo("theatre of ana");
    // Punctuation goes before articles are matched, so "the-end" becomes "theend".
    assertThat(SquadMetrics.normalize("the-end")).isEqualTo("theend");
    // Unicode letters are word characters: "niña" is not "niñ" plus the article "a".
    assertThat(SquadMetrics.normalize("niña")).isEqualTo("niña");
  }

  @Test
  void normalisationRemovesAsciiPunctuationOnlyAsTheOfficialScriptDoes() {
    // The SQuAD v1.1 script strips string.punctuation; curly quotes stay.
    assertThat(SquadMetrics.normalize("“cat”")).isEqualTo("“cat”");
  }

  @Test
  void exactMatchComparesNormalisedAnswersAndTakesTheBestGold() {
    assertThat(SquadMetrics.exactMatch("The Cat!", List.of("cat"))).isEqualTo(1);
    assertThat(SquadMetrics.exactMatch("the cat", List.of("dog", "Cat."))).isEqualTo(1);
    assertThat(SquadMetrics.exactMatch("cats", List.of("cat"))).isZero();
  }

  @Test
  void f1IsOverBagsOfWords() {
    // "ninety days of logs" -> [ninety, days, of, logs]; gold [ninety, days]: 2 in common.
    // Precision 2/4, recall 2/2, F1 = 2 * 0.5 * 1 / 1.5 = 0.666667.
    assertThat(SquadMetrics.f1("ninety days of logs", List.of("ninety days")))
        .isCloseTo(2 / 3.0, offset(1e-9));
    assertThat(SquadMetrics.f1("nothing shared", List.of("ninety days"))).isZero();
    // The best gold wins: 0 against "x", 1 against "The Cat".
    assertThat(SquadMetrics.f1("cat", List.of("x", "The Cat"))).isEqualTo(1.0);
  }

  @Test
  void repeatedWordsCountAsOftenAsTheyAppearInBoth() {
    // Prediction [yes, yes, no] vs gold [yes, no, no]: common = min counts
    // yes 1 + no 1 = 2. Precision 2/3, recall 2/3, F1 = 0.666667.
    assertThat(SquadMetrics.f1("yes yes no", List.of("yes no no")))
        .isCloseTo(2 / 3.0, offset(1e-9));
  }

  @Test
  void answersThatNormaliseToNothingAgree() {
    assertThat(SquadMetrics.exactMatch("The", List.of("a"))).isEqualTo(1);
    assertThat(SquadMetrics.f1("The", List.of("a"))).isEqualTo(1.0);
    assertThat(SquadMetrics.f1("", List.of("cat"))).isZero();
  }

  @Test
  void noGoldAnswersMeansOnlyAnEmptyPredictionIsRight() {
    assertThat(SquadMetrics.exactMatch("", List.of())).isEqualTo(1);
    assertThat(SquadMetrics.f1("", List.of())).isEqualTo(1.0);
    assertThat(SquadMetrics.exactMatch("the battery", List.of())).isZero();
    assertThat(SquadMetrics.f1("the battery", List.of())).isZero();
  }

  @Test
  void characterF1ComparesCharacters() {
    // "北京市" vs "北京": 2 characters in common, precision 2/3, recall 2/2, F1 = 0.8.
    assertThat(SquadMetrics.f1("北京市", List.of("北京"), TokenLevel.CHARACTERS))
        .isCloseTo(0.8, offset(1e-9));
    // Word level sees one "word" each and no overlap.
    assertThat(SquadMetrics.f1("北京市", List.of("北京"))).isZero();
  }

  @Test
  void characterLevelIgnoresPunctuationWhiteSpaceAndFullWidthForms() {
    // "北京。" loses its full stop; "Ａ Ｂ" (full width, spaced) becomes "ab".
    assertThat(SquadMetrics.exactMatch("北京。", List.of("北京"), TokenLevel.CHARACTERS)).isEqualTo(1);
    assertThat(SquadMetrics.exactMatch("《Ａ Ｂ》", List.of("ab"), TokenLevel.CHARACTERS)).isEqualTo(1);
    assertThat(SquadMetrics.exactMatch("北京市", List.of("北京"), TokenLevel.CHARACTERS)).isZero();
  }
}
