package dev.metarag.data.inline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class InlineQuestionsTest {
  private static InlineQuestion q(String id, String question, String... answers) {
    return new InlineQuestion(id, question, List.of(answers), "");
  }

  private static InvalidInlineQuestionsException refused(List<InlineQuestion> examples, int max) {
    try {
      InlineQuestions.check("domains[0].examples", examples, max);
    } catch (InvalidInlineQuestionsException e) {
      return e;
    }
    throw new AssertionError("accepted " + examples);
  }

  @Test
  void goodExamplesPass() {
    assertThatCode(
            () ->
                InlineQuestions.check(
                    "f", List.of(q("a", "Why?", "because"), q("", "How?", "so", "thus")), 10))
        .doesNotThrowAnyException();
  }

  @Test
  void countsOutsideOneToTheLimitAreRefusedNamingTheLimit() {
    assertThat(refused(List.of(), 10).field()).isEqualTo("domains[0].examples.examples");
    List<InlineQuestion> three = List.of(q("", "a", "x"), q("", "b", "x"), q("", "c", "x"));
    assertThat(refused(three, 2).problem()).isEqualTo("3 examples; at most 2 are allowed");
    // No field may allow more than the contract's 1024.
    List<InlineQuestion> many =
        new ArrayList<>(Collections.nCopies(InlineQuestions.MAX_EXAMPLES + 1, q("", "a", "x")));
    assertThat(refused(many, 100_000).problem())
        .isEqualTo("1025 examples; at most 1024 are allowed");
  }

  @Test
  void eachBrokenRuleNamesTheExampleAndItsField() {
    InlineQuestion good = q("same", "Why?", "because");
    assertThat(refused(List.of(good, good), 10).getMessage())
        .isEqualTo("domains[0].examples.examples[1].id: 'same' is used by an earlier example");
    assertThat(refused(List.of(q("", " ", "x")), 10).field())
        .isEqualTo("domains[0].examples.examples[0].question");
    assertThat(refused(List.of(q("", "a".repeat(4097), "x")), 10).problem())
        .isEqualTo("longer than 4096 characters");
    assertThat(refused(List.of(q("", "Why?")), 10).problem())
        .isEqualTo("give 1 to 16 answer texts, got 0");
    assertThat(refused(List.of(q("", "Why?", "ok", "")), 10).field())
        .isEqualTo("domains[0].examples.examples[0].answers[1]");
    assertThat(refused(List.of(q("", "Why?", "x".repeat(1025))), 10).problem())
        .isEqualTo("longer than 1024 characters");
    assertThat(refused(List.of(q("i".repeat(257), "Why?", "x")), 10).field())
        .isEqualTo("domains[0].examples.examples[0].id");
  }

  @Test
  void aLongDuplicateIdIsQuotedCut() {
    InlineQuestion longId = q("i".repeat(200), "Why?", "x");
    assertThat(refused(List.of(longId, longId), 10).problem())
        .contains("(200 characters)")
        .hasSizeLessThan(150);
  }
}
