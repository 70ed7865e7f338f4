package dev.metarag.generator.answer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Snippets are the sentence around the span, cut to 300 characters around it when longer. */
class SnippetTest {

  private static void assertHolds(Snippet s, String span) {
    assertThat(s.text().substring(s.spanStart(), s.spanEnd())).isEqualTo(span);
  }

  @Test
  void theSentenceAroundTheSpan() {
    String text = "First one. The battery lasts two days. Its screen is bright! Last?";
    int start = text.indexOf("two days");
    Snippet s = Snippet.around(text, start, start + 8);
    assertThat(s.text()).isEqualTo("The battery lasts two days.");
    assertHolds(s, "two days");

    Snippet first = Snippet.around(text, 0, 5);
    assertThat(first.text()).isEqualTo("First one.");
    assertHolds(first, "First");

    int bright = text.indexOf("bright!");
    Snippet exclaimed = Snippet.around(text, bright, bright + 7);
    assertThat(exclaimed.text()).isEqualTo("Its screen is bright!");
    assertHolds(exclaimed, "bright!");

    Snippet last = Snippet.around(text, text.length() - 5, text.length());
    assertThat(last.text()).isEqualTo("Last?");
  }

  @Test
  void decimalsAndLineBreaksAreHandled() {
    String text = "It weighs 1.5 kg and more\nNext line here.";
    int at = text.indexOf("1.5 kg");
    Snippet s = Snippet.around(text, at, at + 6);
    assertThat(s.text()).isEqualTo("It weighs 1.5 kg and more");
    assertHolds(s, "1.5 kg");
  }

  @Test
  void aLongSentenceIsCutAroundTheSpan() {
    String text = "word ".repeat(100) + "ANSWER " + "word ".repeat(100) + ".";
    int at = text.indexOf("ANSWER");
    Snippet s = Snippet.around(text, at, at + 6);
    assertThat(s.text()).hasSizeLessThanOrEqualTo(Snippet.MAX_CHARS);
    assertThat(s.spanStart()).isBetween(140, 150);
    assertHolds(s, "ANSWER");

    Snippet early = Snippet.around(text, 0, 4);
    assertThat(early.text()).hasSize(Snippet.MAX_CHARS).startsWith("word");
    assertHolds(early, "word");
  }
}
