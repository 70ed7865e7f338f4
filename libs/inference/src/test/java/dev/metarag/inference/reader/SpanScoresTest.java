package dev.metarag.inference.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The decoder's best span is the span SpanScores rates highest, with the same confidence, and
 * spansScored counts exactly the spans the decoder considers.
 */
class SpanScoresTest {

  @Test
  void agreesWithTheDecoderOnRandomLogits() {
    Random random = new Random(5);
    for (int round = 0; round < 20; round++) {
      List<PassageLogits> passages = new ArrayList<>();
      int k = 1 + random.nextInt(5);
      float[] retrieval = new float[k];
      for (int z = 0; z < k; z++) {
        int width = 20 + random.nextInt(30);
        int first = 3 + random.nextInt(5);
        int count = random.nextInt(width - first);
        float[] start = new float[width];
        float[] end = new float[width];
        for (int t = 0; t < width; t++) {
          start[t] = (float) random.nextGaussian() * 3;
          end[t] = (float) random.nextGaussian() * 3;
        }
        passages.add(new PassageLogits(start, end, (float) random.nextGaussian(), first, count));
        retrieval[z] = random.nextFloat();
      }
      int maxTokens = 1 + random.nextInt(10);
      SpanChoice best = new SpanDecoder(maxTokens, 0.05f).decode(passages, retrieval);
      SpanScores probabilities = new SpanScores(passages, retrieval, 0.05f);
      int spans = 0;
      double highest = 0;
      for (int z = 0; z < k; z++) {
        int n = passages.get(z).passageTokenCount();
        for (int s = 0; s < n; s++) {
          for (int e = s; e < Math.min(n, s + maxTokens); e++) {
            spans++;
            highest = Math.max(highest, probabilities.confidence(z, s, e));
          }
        }
      }
      assertThat(SpanScores.spansScored(passages, maxTokens)).isEqualTo(spans);
      if (spans == 0) {
        assertThat(best).isNull();
        continue;
      }
      assertThat(probabilities.confidence(best.passage(), best.startToken(), best.endToken()))
          .isCloseTo(best.confidence(), within(1e-9));
      assertThat(best.confidence()).isCloseTo(highest, within(1e-9));
    }
  }
}
