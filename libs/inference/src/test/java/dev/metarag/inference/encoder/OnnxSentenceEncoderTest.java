package dev.metarag.inference.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real pretrained MiniLM on ONNX Runtime. */
class OnnxSentenceEncoderTest {
  private static SentenceEncoder encoder;

  @BeforeAll
  static void open() {
    encoder = EncoderLoader.builtin(EncoderLoader.BUILTIN_MINILM, EncoderOptions.defaults());
  }

  @AfterAll
  static void close() {
    encoder.close();
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  @Test
  void describesTheBuiltinModel() {
    assertThat(encoder.descriptor().name()).isEqualTo("all-minilm-l6-v2");
    assertThat(encoder.descriptor().version()).isEqualTo("1.8.0-beta15");
    assertThat(encoder.dimension()).isEqualTo(384);
  }

  @Test
  void embeddingsHaveUnitLength() {
    float[] v = encoder.embed("How long does the battery last?");

    assertThat(v).hasSize(384);
    assertThat(dot(v, v)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
  }

  @Test
  void similarMeaningsAreCloserThanUnrelatedOnes() {
    float[][] v =
        encoder.embed(
            List.of(
                "How long does the battery last?",
                "The battery lasts about ten hours on a single charge.",
                "The hotel breakfast was served on the terrace."));

    assertThat(dot(v[0], v[1])).isGreaterThan(dot(v[0], v[2]) + 0.2);
  }

  @Test
  void batchedAndSingleEmbeddingsAgree() {
    List<String> texts =
        List.of("short", "a somewhat longer sentence with more tokens in it", "medium length text");
    float[][] batched = encoder.embed(texts);

    for (int i = 0; i < texts.size(); i++) {
      float[] single = encoder.embed(texts.get(i));
      for (int d = 0; d < single.length; d++) {
        assertThat(batched[i][d]).isCloseTo(single[d], org.assertj.core.data.Offset.offset(1e-5f));
      }
    }
  }

  @Test
  void aPackageWithoutItsModelFileNamesTheMissingFile(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve(EncoderPackage.TOKENIZER_FILE), "{}");

    assertThatThrownBy(() -> EncoderLoader.fromPackage(dir, "", EncoderOptions.defaults()))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("query-encoder.onnx");
  }

  @Test
  void anUnknownBuiltinNameIsRejected() {
    assertThatThrownBy(() -> EncoderLoader.builtin("bert-huge", EncoderOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("all-minilm-l6-v2");
  }
}
