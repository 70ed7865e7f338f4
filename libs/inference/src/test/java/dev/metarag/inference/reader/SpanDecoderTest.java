package dev.metarag.inference.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Span decoding against logits written by hand. */
class SpanDecoderTest {
  private static final float NONE = -100f;

  /** Positions 0-1 are [CLS] and a question token; the passage tokens start at position 2. */
  private static PassageLogits passage(float relevance, float[] start, float[] end) {
    float[] s = new float[start.length + 2];
    float[] e = new float[end.length + 2];
    s[0] = s[1] = e[0] = e[1] = 50f; // high logits outside the passage must be ignored
    System.arraycopy(start, 0, s, 2, start.length);
    System.arraycopy(end, 0, e, 2, end.length);
    return new PassageLogits(s, e, relevance, 2, start.length);
  }

  @Test
  void picksTheHighestScoringForwardSpanWithinOnePassage() {
    PassageLogits p = passage(0f, new float[] {0, 5, NONE, 1}, new float[] {NONE, 0, NONE, 6});

    SpanChoice best = new SpanDecoder(10, 1f).decode(List.of(p), new float[] {0f});

    assertThat(best.passage()).isZero();
    assertThat(best.startToken()).isEqualTo(1);
    assertThat(best.endToken()).isEqualTo(3);
  }

  @Test
  void anEndBeforeTheStartIsNeverChosen() {
    // The best end (token 0) lies before the best start (token 2).
    PassageLogits p = passage(0f, new float[] {NONE, NONE, 8}, new float[] {8, NONE, 1});

    SpanChoice best = new SpanDecoder(10, 1f).decode(List.of(p), new float[] {0f});

    assertThat(best.startToken()).isEqualTo(2);
    assertThat(best.endToken()).isEqualTo(2);
  }

  @Test
  void spansLongerThanTheLimitAreSkipped() {
    PassageLogits p = passage(0f, new float[] {9, 0, 0, 0}, new float[] {0, 0, 0, 9});

    SpanChoice best = new SpanDecoder(2, 1f).decode(List.of(p), new float[] {0f});

    assertThat(best.endToken() - best.startToken()).isLessThan(2);
  }

  @Test
  void confidenceMultipliesPassageStartAndEndProbabilities() {
    // One passage, two tokens, flat logits: p(start) = p(end) = 1/2, p(passage) = 1 -> 1/4.
    PassageLogits p = passage(0f, new float[] {0, 0}, new float[] {0, 0});

    SpanChoice best = new SpanDecoder(5, 1f).decode(List.of(p), new float[] {0f});

    assertThat(best.confidence()).isCloseTo(0.25, offset(1e-9));
  }

  @Test
  void retrievalAndRelevanceDecideBetweenEqualPassages() {
    PassageLogits a = passage(0f, new float[] {3, 0}, new float[] {3, 0});
    PassageLogits b = passage(0f, new float[] {3, 0}, new float[] {3, 0});

    // Equal relevance; passage b is closer to the query: 0.9 vs 0.5 cosine, temperature 0.1.
    SpanChoice best = new SpanDecoder(5, 0.1f).decode(List.of(a, b), new float[] {0.5f, 0.9f});

    assertThat(best.passage()).isEqualTo(1);
    // p(b) = 1 / (1 + e^-4) = 0.982014; p(start=0) = p(end=0) = e^3 / (e^3 + 1) = 0.952574.
    assertThat(best.confidence()).isCloseTo(0.982014 * 0.952574 * 0.952574, offset(1e-5));
  }

  @Test
  void passagesWithoutTokensGiveNoAnswer() {
    PassageLogits empty = new PassageLogits(new float[] {0}, new float[] {0}, 0f, 1, 0);

    assertThat(new SpanDecoder(5, 1f).decode(List.of(empty), new float[] {0f})).isNull();
  }
}
