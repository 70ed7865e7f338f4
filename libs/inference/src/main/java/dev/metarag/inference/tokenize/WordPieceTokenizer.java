package dev.metarag.inference.tokenize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * BERT's WordPiece tokenizer, read from a Hugging Face {@code tokenizer.json}, in plain Java.
 *
 * <p>Serving code must not depend on DJL, and citations need the character offsets of every piece
 * in the caller's text, so this class reimplements the BERT normaliser, the BERT pre-tokeniser and
 * greedy longest-match WordPiece. Tests check it against Hugging Face's own implementation.
 * Instances are immutable and thread-safe.
 */
public final class WordPieceTokenizer {
  static final String CONTINUATION_PREFIX = "##";

  private final Map<String, Integer> vocabulary;
  private final int unknownId;
  private final int clsId;
  private final int sepId;
  private final int padId;
  private final boolean lowercase;
  private final boolean stripAccents;
  private final int maxCharsPerWord;

  private WordPieceTokenizer(
      Map<String, Integer> vocabulary,
      String unknownToken,
      boolean lowercase,
      boolean stripAccents,
      int maxCharsPerWord) {
    this.vocabulary = Map.copyOf(vocabulary);
    this.unknownId = idOf(unknownToken);
    this.clsId = idOf("[CLS]");
    this.sepId = idOf("[SEP]");
    this.padId = idOf("[PAD]");
    this.lowercase = lowercase;
    this.stripAccents = stripAccents;
    this.maxCharsPerWord = maxCharsPerWord;
  }

  /** Reads a {@code tokenizer.json} whose model is WordPiece with a BertNormalizer. */
  public static WordPieceTokenizer fromJson(Path tokenizerJson) {
    try (InputStream in = Files.newInputStream(tokenizerJson)) {
      return fromJson(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read tokenizer " + tokenizerJson, e);
    }
  }

  /** Reads a {@code tokenizer.json} from a stream; the caller closes it. */
  public static WordPieceTokenizer fromJson(InputStream tokenizerJson) throws IOException {
    JsonNode root = new ObjectMapper().readTree(tokenizerJson);
    JsonNode model = root.path("model");
    if (!"WordPiece".equals(model.path("type").asText())) {
      // The value found is not quoted: messages never carry a file's content.
      throw new IllegalArgumentException("tokenizer.json: model type must be WordPiece");
    }
    Map<String, Integer> vocabulary = new HashMap<>();
    model
        .path("vocab")
        .fields()
        .forEachRemaining(e -> vocabulary.put(e.getKey(), e.getValue().asInt()));
    JsonNode normalizer = root.path("normalizer");
    boolean lowercase = normalizer.path("lowercase").asBoolean(true);
    // Hugging Face strips accents whenever it lower-cases, unless told otherwise.
    JsonNode strip = normalizer.path("strip_accents");
    boolean stripAccents = strip.isBoolean() ? strip.asBoolean() : lowercase;
    return new WordPieceTokenizer(
        vocabulary,
        model.path("unk_token").asText("[UNK]"),
        lowercase,
        stripAccents,
        model.path("max_input_chars_per_word").asInt(100));
  }

  /** Splits a text into word pieces, without special tokens, with offsets into {@code text}. */
  public List<Token> tokenize(String text) {
    NormalizedText normalized = NormalizedText.of(text, lowercase, stripAccents);
    List<Token> tokens = new ArrayList<>();
    CharSequence chars = normalized.chars;
    int wordIndex = 0;
    int i = 0;
    while (i < chars.length()) {
      int cp = Character.codePointAt(chars, i);
      if (cp == ' ') {
        i++;
        continue;
      }
      int end;
      if (NormalizedText.isPunctuation(cp)) {
        end = i + Character.charCount(cp);
      } else {
        end = i;
        while (end < chars.length()) {
          int c = Character.codePointAt(chars, end);
          if (c == ' ' || NormalizedText.isPunctuation(c)) {
            break;
          }
          end += Character.charCount(c);
        }
      }
      splitWord(normalized, i, end, wordIndex++, tokens);
      i = end;
    }
    return tokens;
  }

  /** Greedy longest-match-first WordPiece on normalised characters [from, to). */
  private void splitWord(NormalizedText text, int from, int to, int wordIndex, List<Token> out) {
    String word = text.chars.substring(from, to);
    int originalStart = text.originalStart(from);
    int originalEnd = text.originalEnd(to - 1);
    if (word.codePointCount(0, word.length()) > maxCharsPerWord) {
      out.add(new Token(unknownId, "[UNK]", originalStart, originalEnd, wordIndex));
      return;
    }
    List<Token> pieces = new ArrayList<>();
    int start = 0;
    while (start < word.length()) {
      int end = word.length();
      Integer id = null;
      String piece = null;
      while (end > start) {
        String candidate = word.substring(start, end);
        if (start > 0) {
          candidate = CONTINUATION_PREFIX + candidate;
        }
        id = vocabulary.get(candidate);
        if (id != null) {
          piece = candidate;
          break;
        }
        end = Character.isLowSurrogate(word.charAt(end - 1)) ? end - 2 : end - 1;
      }
      if (id == null) {
        // A word with any unknown part becomes a single [UNK], as in BERT.
        out.add(new Token(unknownId, "[UNK]", originalStart, originalEnd, wordIndex));
        return;
      }
      pieces.add(
          new Token(
              id,
              piece,
              text.originalStart(from + start),
              text.originalEnd(from + end - 1),
              wordIndex));
      start = end;
    }
    out.addAll(pieces);
  }

  /**
   * Encodes one text as model input: {@code [CLS] pieces [SEP]}, keeping at most {@code maxLength}
   * ids in all (pieces beyond that are dropped).
   */
  public EncodedText encode(String text, int maxLength) {
    if (maxLength < 3) {
      throw new IllegalArgumentException("maxLength must be at least 3, was " + maxLength);
    }
    List<Token> tokens = tokenize(text);
    if (tokens.size() > maxLength - 2) {
      tokens = tokens.subList(0, maxLength - 2);
    }
    long[] ids = new long[tokens.size() + 2];
    ids[0] = clsId;
    for (int i = 0; i < tokens.size(); i++) {
      ids[i + 1] = tokens.get(i).id();
    }
    ids[ids.length - 1] = sepId;
    return new EncodedText(ids, List.copyOf(tokens));
  }

  /**
   * Encodes a question with a passage for a cross-encoder, keeping at most {@code maxLength} ids:
   * the question is cut to {@code maxQuestionTokens} pieces, then the passage to what is left.
   */
  public EncodedPair encodePair(
      String question, String passage, int maxLength, int maxQuestionTokens) {
    List<Token> q = tokenize(question);
    if (q.size() > maxQuestionTokens) {
      q = q.subList(0, maxQuestionTokens);
    }
    int room = maxLength - q.size() - 3;
    if (room < 1) {
      throw new IllegalArgumentException(
          "maxLength " + maxLength + " leaves no room for the passage after the question");
    }
    List<Token> p = tokenize(passage);
    if (p.size() > room) {
      p = p.subList(0, room);
    }
    int n = q.size() + p.size() + 3;
    long[] ids = new long[n];
    long[] types = new long[n];
    int i = 0;
    ids[i++] = clsId;
    for (Token t : q) {
      ids[i++] = t.id();
    }
    ids[i++] = sepId;
    int passageStart = i;
    for (Token t : p) {
      types[i] = 1;
      ids[i++] = t.id();
    }
    types[i] = 1;
    ids[i] = sepId;
    return new EncodedPair(ids, types, List.copyOf(p), passageStart);
  }

  public int clsId() {
    return clsId;
  }

  public int sepId() {
    return sepId;
  }

  public int padId() {
    return padId;
  }

  public int vocabularySize() {
    return vocabulary.size();
  }

  private int idOf(String token) {
    Integer id = vocabulary.get(token);
    if (id == null) {
      throw new IllegalArgumentException("tokenizer.json: vocabulary has no " + token);
    }
    return id;
  }
}
