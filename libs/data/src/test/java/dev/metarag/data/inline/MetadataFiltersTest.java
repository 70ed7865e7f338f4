package dev.metarag.data.inline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.metarag.data.inline.MetadataFilters.Filter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetadataFiltersTest {
  private static final String FIELD = "spec.domains[0].examples.examples[2].filters";

  private static Filter f(String key, String... values) {
    return new Filter(key, List.of(values));
  }

  private static InvalidInlineQuestionsException refused(List<Filter> filters) {
    try {
      MetadataFilters.validate(filters, FIELD);
    } catch (InvalidInlineQuestionsException e) {
      return e;
    }
    throw new AssertionError("accepted " + filters);
  }

  @Test
  void filtersTheRetrieverTakesPass() {
    assertThatCode(() -> MetadataFilters.validate(List.of(), FIELD)).doesNotThrowAnyException();
    List<Filter> sixteen = new ArrayList<>();
    for (int i = 0; i < MetadataFilters.MAX_FILTERS; i++) {
      sixteen.add(f("key_" + i + ".x-y", "a", "b"));
    }
    sixteen.set(0, new Filter("policy", Collections.nCopies(MetadataFilters.MAX_VALUES, "v")));
    assertThatCode(() -> MetadataFilters.validate(sixteen, FIELD)).doesNotThrowAnyException();
  }

  @Test
  void eachBrokenRuleNamesTheFilterAndItsField() {
    List<Filter> seventeen = new ArrayList<>(Collections.nCopies(17, f("k", "v")));
    assertThat(refused(seventeen).getMessage())
        .isEqualTo(FIELD + ": 17 filters; at most 16 are allowed");
    assertThat(refused(List.of(f("policy", "a"), f("", "b"))).getMessage())
        .isEqualTo(FIELD + "[1].key: required: the metadata key to match");
    assertThat(refused(List.of(f("policy"))).getMessage())
        .isEqualTo(FIELD + "[0].any_of: give at least one value to match");
    assertThat(refused(List.of(f("bad key", "v"))).field()).isEqualTo(FIELD + "[0].key");
    assertThat(refused(List.of(f("k".repeat(65), "v"))).problem())
        .contains("is no metadata key: use 1 to 64 characters");
    assertThat(refused(List.of(f("policy", "a"), f("policy", "b"))).getMessage())
        .isEqualTo(
            FIELD
                + "[1].key: 'policy' is used by an earlier filter: put all its values in one"
                + " any_of");
    assertThat(refused(List.of(new Filter("policy", Collections.nCopies(257, "v")))).getMessage())
        .isEqualTo(FIELD + "[0].any_of: 257 values; at most 256 are allowed");
  }

  @Test
  void aLongBadKeyIsQuotedCut() {
    String problem = refused(List.of(f("\u0000".repeat(5000), "v"))).problem();
    assertThat(problem).contains("(5000 characters)").hasSizeLessThan(300);
  }
}
