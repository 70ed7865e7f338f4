package dev.metarag.security.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuotedTest {
  @Test
  void shortValuesAreQuotedWhole() {
    assertThat(Quoted.of("gadgets-v2")).isEqualTo("'gadgets-v2'");
    assertThat(Quoted.of("")).isEqualTo("''");
  }

  @Test
  void longValuesAreCutAndTheirLengthSaid() {
    assertThat(Quoted.of("a".repeat(80) + "b".repeat(100_000)))
        .isEqualTo("'" + "a".repeat(80) + "...' (100080 characters)");
  }
}
