package dev.metarag.inference.tokenize;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The tokenizer must give the ids the model was trained with: Hugging Face's are the reference. */
class WordPieceTokenizerTest {
  private static WordPieceTokenizer tokenizer;
  private static HuggingFaceTokenizer reference;

  @BeforeAll
  static void load() throws IOException {
    Path json = Files.createTempFile("tokenizer", ".json");
    try (InputStream in =
        WordPieceTokenizerTest.class.getResourceAsStream("/all-minilm-l6-v2-tokenizer.json")) {
      Files.copy(in, json, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    tokenizer = WordPieceTokenizer.fromJson(json);
    reference =
        HuggingFaceTokenizer.builder()
            .optTokenizerPath(json)
            .optAddSpecialTokens(false)
            .optTruncation(false)
            .optPadding(false)
            .build();
  }

  @AfterAll
  static void close() {
    reference.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "How is the battery life of this phone?",
        "We share your data with third-party advertisers, e.g. Google & Facebook (see §4.2).",
        "Café naïve résumé: ÀÉÎÕÜ façade — déjà vu…",
        "COVID-19 patients (n=1,024) had IL-6 levels ≥ 7.5 pg/mL; p<0.001.",
        "北京是中国的首都。Beijing is the capital of China.",
        "Tabs\tand\nnewlines\r\nand  double  spaces and\u00a0no-break\u2009thin spaces",
        "emoji 😀 and symbols ™ ® © $100 ~tilde^caret `tick` |pipe|",
        "antidisestablishmentarianism pneumonoultramicroscopicsilicovolcanoconiosis",
        "Ελληνικά ΣΟΦΙΑ σοφία, Русский текст, العربية, हिन्दी",
        "control\u0000chars\u0007and\u200bzero width\ufeffmarks"
      })
  void idsAndOffsetsMatchHuggingFace(String text) {
    Encoding expected = reference.encode(text);
    List<Token> actual = tokenizer.tokenize(text);

    assertThat(actual.stream().mapToLong(Token::id).toArray()).isEqualTo(expected.getIds());
    // Hugging Face counts offsets in code points; ours are UTF-16 indices, as Java strings are.
    CharSpan[] spans = expected.getCharTokenSpans();
    for (int i = 0; i < actual.size(); i++) {
      assertThat(text.codePointCount(0, actual.get(i).start()))
          .as("start of token %d", i)
          .isEqualTo(spans[i].getStart());
      assertThat(text.codePointCount(0, actual.get(i).end()))
          .as("end of token %d", i)
          .isEqualTo(spans[i].getEnd());
    }
  }

  @Test
  void offsetsPointAtTheOriginalCharacters() {
    String text = "Dr. Müller's NEUROLOGY clinic";
    List<Token> tokens = tokenizer.tokenize(text);

    assertThat(tokens)
        .extracting(t -> text.substring(t.start(), t.end()))
        .startsWith("Dr", ".", "Müller", "'", "s");
    assertThat(tokens.get(2).piece()).isEqualTo("muller");
  }

  @Test
  void continuationPiecesDoNotStartWords() {
    List<Token> tokens = tokenizer.tokenize("tokenization");

    assertThat(tokens).extracting(Token::piece).containsExactly("token", "##ization");
    assertThat(tokens).extracting(Token::startsWord).containsExactly(true, false);
    assertThat(tokens).extracting(Token::wordIndex).containsExactly(0, 0);
  }

  @Test
  void encodeAddsSpecialTokensAndTruncates() {
    EncodedText encoded = tokenizer.encode("one two three four five", 5);

    assertThat(encoded.ids()).hasSize(5);
    assertThat(encoded.ids()[0]).isEqualTo(tokenizer.clsId());
    assertThat(encoded.ids()[4]).isEqualTo(tokenizer.sepId());
    assertThat(encoded.tokens()).extracting(Token::piece).containsExactly("one", "two", "three");
  }

  @Test
  void wordsLongerThanTheLimitBecomeUnknown() {
    String longWord = "a".repeat(101);

    List<Token> tokens = tokenizer.tokenize("x " + longWord);

    assertThat(tokens).extracting(Token::piece).containsExactly("x", "[UNK]");
    assertThat(tokens.get(1).end()).isEqualTo(2 + 101);
  }

  @Test
  void emptyAndBlankTextsHaveNoTokens() {
    assertThat(tokenizer.tokenize("")).isEmpty();
    assertThat(tokenizer.tokenize(" \n\t ")).isEmpty();
  }

  @Test
  void pairsMatchHuggingFaceAndMarkThePassageSegment() {
    String question = "How long does the battery last?";
    String passage = "The battery lasts two days, or 48 hours.";
    Encoding expected =
        reference.encode(question, passage); // special tokens off: compare the pieces only
    EncodedPair pair = tokenizer.encodePair(question, passage, 64, 16);

    long[] pieces = java.util.Arrays.copyOfRange(pair.ids(), 1, pair.length() - 1);
    long[] withoutMiddleSep =
        java.util.stream.LongStream.concat(
                java.util.Arrays.stream(pieces, 0, pair.passageStart() - 2),
                java.util.Arrays.stream(pieces, pair.passageStart() - 1, pieces.length))
            .toArray();
    assertThat(withoutMiddleSep).isEqualTo(expected.getIds());
    assertThat(pair.typeIds()[pair.passageStart() - 1]).isZero();
    assertThat(pair.typeIds()[pair.passageStart()]).isEqualTo(1);
    Token first = pair.passageTokens().get(0);
    assertThat(passage.substring(first.start(), first.end())).isEqualTo("The");
  }

  @Test
  void pairsAreTruncatedQuestionFirstThenPassage() {
    EncodedPair pair =
        tokenizer.encodePair("one two three four five six", "a b c d e f g h", 10, 2);

    assertThat(pair.length()).isEqualTo(10);
    assertThat(pair.passageStart()).isEqualTo(4); // [CLS] one two [SEP]
    assertThat(pair.passageTokens()).hasSize(5);
  }
}
