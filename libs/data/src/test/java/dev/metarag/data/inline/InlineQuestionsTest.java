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

  private static InlineQuestion scoped(InlineFilter... filters) {
    return new InlineQuestion("", "Why?", List.of("because"), "", List.of(filters));
  }

  private static InlineFilter f(String key, String... values) {
    return new InlineFilter(key, List.of(values));
  }

  @Test
  void filtersOfTheRetrieversShapePass() {
    assertThatCode(
            () ->
                InlineQuestions.check(
                    "f",
                    List.of(scoped(f("policy", "amazon.com")), scoped(f("a.b-c_D", "x", "y"))),
                    10))
        .doesNotThrowAnyException();
  }

  @Test
  void eachBrokenFilterRuleNamesTheExampleTheFilterAndItsField() {
    String at = "domains[0].examples.examples[0].filters";
    assertThat(refused(List.of(scoped(f("", "x"))), 10).getMessage())
        .isEqualTo(at + "[0].key: required: the metadata key to match");
    assertThat(refused(List.of(scoped(f("policy", "x"), f("kind"))), 10).getMessage())
        .isEqualTo(at + "[1].any_of: give at least one value to match");
    assertThat(refused(List.of(scoped(f("has space", "x"))), 10).field()).isEqualTo(at + "[0].key");
    assertThat(refused(List.of(scoped(f("k".repeat(65), "x"))), 10).field())
        .isEqualTo(at + "[0].key");
    assertThat(refused(List.of(scoped(f("policy", "x"), f("policy", "y"))), 10).getMessage())
        .isEqualTo(
            at
                + "[1].key: 'policy' is used by an earlier filter: put all its values in one any_of");
    InlineFilter[] seventeen = new InlineFilter[InlineQuestions.MAX_FILTERS + 1];
    for (int i = 0; i < seventeen.length; i++) {
      seventeen[i] = f("k" + i, "x");
    }
    assertThat(refused(List.of(scoped(seventeen)), 10).getMessage())
        .isEqualTo(at + ": at most 16 filters, got 17");
    String[] values = new String[InlineQuestions.MAX_FILTER_VALUES + 1];
    java.util.Arrays.fill(values, "v");
    assertThat(refused(List.of(scoped(f("policy", values))), 10).field())
        .isEqualTo(at + "[0].any_of");
    // The second example is named when the first is fine.
    assertThat(refused(List.of(scoped(f("policy", "x")), scoped(f("policy"))), 10).field())
        .isEqualTo("domains[0].examples.examples[1].filters[0].any_of");
  }
}
