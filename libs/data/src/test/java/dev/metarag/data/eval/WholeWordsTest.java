package dev.metarag.data.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WholeWordsTest {
  @Test
  void anAnswerInsideALongerWordDoesNotOccur() {
    assertThat(WholeWords.contains("It weighs 180 grams.", "18")).isFalse();
    assertThat(WholeWords.contains("They went on holidays.", "days")).isFalse();
    assertThat(WholeWords.contains("Pre1871 records", "1871")).isFalse();
  }

  @Test
  void punctuationAndSpacesSeparateWords() {
    assertThat(WholeWords.contains("It weighs 18 grams.", "18")).isTrue();
    assertThat(WholeWords.contains("Beyoncé's first album", "Beyoncé")).isTrue();
    assertThat(WholeWords.contains("twenty-two days", "two days")).isTrue();
    assertThat(WholeWords.contains("(1871)", "1871")).isTrue();
    assertThat(WholeWords.contains("1871", "1871")).isTrue();
  }

  @Test
  void everyWholeWordOccurrenceIsListedAndOnlyThose() {
    assertThat(WholeWords.occurrences("two days, 2 days, twodays, two days", "two days"))
        .containsExactly(0, 27);
  }

  @Test
  void answersThatStartOrEndWithPunctuationMatchNextToWords() {
    // Only a letter or digit at the answer's own edge can be joined to a neighbour.
    assertThat(WholeWords.contains("US$5 million", "$5 million")).isTrue();
    assertThat(WholeWords.contains("the U.S.A", "U.S.")).isTrue();
  }

  @Test
  void anEmptyAnswerOccursNowhere() {
    assertThat(WholeWords.occurrences("anything", "")).isEmpty();
  }
}
