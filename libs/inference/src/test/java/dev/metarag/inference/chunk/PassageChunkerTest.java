package dev.metarag.inference.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metarag.inference.tokenize.Token;
import dev.metarag.inference.tokenize.WordPieceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PassageChunkerTest {
  private static WordPieceTokenizer tokenizer;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in =
        PassageChunkerTest.class.getResourceAsStream("/all-minilm-l6-v2-tokenizer.json")) {
      tokenizer = WordPieceTokenizer.fromJson(in);
    }
  }

  /** "w0 w1 ... w(n-1)": each word is one token for small n ("w12" is w + ##12 though). */
  private static String words(int n) {
    return IntStream.range(0, n).mapToObj(i -> "word").collect(Collectors.joining(" "));
  }

  @Test
  void windowsAdvanceByTheStrideAndOverlap() {
    String text = words(10); // ten one-token words
    List<PassageSpan> passages = new PassageChunker(tokenizer, 4, 3).chunk(text);

    // Hand-computed: windows start at tokens 0, 3, 6 and cover 4, 4, 4 tokens (last one 6..9).
    assertThat(passages).extracting(PassageSpan::tokenCount).containsExactly(4, 4, 4);
    assertThat(passages).extracting(PassageSpan::start).containsExactly(0, 15, 30);
    assertThat(passages.get(2).end()).isEqualTo(text.length());
    assertThat(passages).extracting(PassageSpan::index).containsExactly(0, 1, 2);
  }

  @Test
  void strideEqualToWindowGivesDisjointPassagesCoveringTheText() {
    String text = words(10);
    List<PassageSpan> passages = new PassageChunker(tokenizer, 4, 4).chunk(text);

    assertThat(passages).extracting(PassageSpan::tokenCount).containsExactly(4, 4, 2);
    assertThat(passages.get(0).textOf(text)).isEqualTo("word word word word");
    assertThat(passages.get(2).textOf(text)).isEqualTo("word word");
  }

  @Test
  void passagesNeverCutWords() {
    // "tokenization" is two pieces; windows of 3 must not split it.
    String text = "a tokenization b tokenization c tokenization d";
    PassageChunker chunker = new PassageChunker(tokenizer, 3, 2);

    List<PassageSpan> passages = chunker.chunk(text);

    for (PassageSpan p : passages) {
      String passage = p.textOf(text);
      assertThat(passage).doesNotStartWith("ization").doesNotEndWith("token");
      assertThat(p.tokenCount()).isBetween(1, 3);
    }
    assertThat(passages.get(passages.size() - 1).end()).isEqualTo(text.length());
  }

  @Test
  void everyTokenIsInSomePassage() {
    String text =
        "Privacy policies describe data collection. We collect cookies, identifiers and"
            + " location. Third parties such as advertisers receive pseudonymised information.";
    List<Token> tokens = tokenizer.tokenize(text);
    List<PassageSpan> passages = new PassageChunker(tokenizer, 5, 5).chunk(text);

    for (Token t : tokens) {
      assertThat(passages).anySatisfy(p -> assertThat(t.start()).isBetween(p.start(), p.end() - 1));
    }
  }

  @Test
  void aTextWithoutTokensHasNoPassages() {
    assertThat(new PassageChunker(tokenizer, 8, 4).chunk("   ")).isEmpty();
  }

  @Test
  void rejectsAStrideLargerThanTheWindow() {
    assertThatThrownBy(() -> new PassageChunker(tokenizer, 8, 9))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stride");
  }
}
