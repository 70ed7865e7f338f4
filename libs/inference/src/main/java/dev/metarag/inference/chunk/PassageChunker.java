package dev.metarag.inference.chunk;

import dev.metarag.inference.tokenize.Token;
import dev.metarag.inference.tokenize.WordPieceTokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits documents into overlapping windows of word-piece tokens.
 *
 * <p>Windows are measured in the encoder's own tokens, so every passage fits the encoder's input.
 * Windows start and end on word boundaries, so no passage begins or ends in the middle of a word; a
 * single word longer than the window is the only exception. Thread-safe.
 */
public final class PassageChunker {
  private final WordPieceTokenizer tokenizer;
  private final int windowTokens;
  private final int strideTokens;

  /**
   * @param windowTokens maximum tokens per passage
   * @param strideTokens tokens each window advances; equal to {@code windowTokens} for no overlap
   */
  public PassageChunker(WordPieceTokenizer tokenizer, int windowTokens, int strideTokens) {
    if (windowTokens < 1) {
      throw new IllegalArgumentException("window must be at least 1 token, was " + windowTokens);
    }
    if (strideTokens < 1 || strideTokens > windowTokens) {
      throw new IllegalArgumentException(
          "stride must be between 1 and the window (" + windowTokens + "), was " + strideTokens);
    }
    this.tokenizer = tokenizer;
    this.windowTokens = windowTokens;
    this.strideTokens = strideTokens;
  }

  /** The passages of a text, in order; none for a text without tokens. */
  public List<PassageSpan> chunk(String text) {
    return chunk(tokenizer.tokenize(text));
  }

  /** The passages covering already tokenised text. */
  public List<PassageSpan> chunk(List<Token> tokens) {
    List<PassageSpan> passages = new ArrayList<>();
    int n = tokens.size();
    int first = 0;
    while (first < n) {
      int end = Math.min(first + windowTokens, n);
      if (end < n) {
        end = wordStartAtOrBefore(tokens, end, first + 1);
      }
      passages.add(
          new PassageSpan(
              passages.size(), tokens.get(first).start(), tokens.get(end - 1).end(), end - first));
      if (end >= n) {
        break;
      }
      // The next window starts a stride later, moved back to a word start, and never after this
      // window's end, so that consecutive passages leave no token uncovered.
      int next = wordStartAtOrBefore(tokens, Math.min(first + strideTokens, end), first + 1);
      next = wordStartAtOrAfter(tokens, Math.max(next, first + 1));
      first = Math.min(next, end);
    }
    return passages;
  }

  /** The last index in [lowest, index] whose token starts a word, or {@code index} if none does. */
  private static int wordStartAtOrBefore(List<Token> tokens, int index, int lowest) {
    for (int i = index; i >= lowest; i--) {
      if (tokens.get(i).startsWord()) {
        return i;
      }
    }
    return index;
  }

  private static int wordStartAtOrAfter(List<Token> tokens, int index) {
    int i = index;
    while (i < tokens.size() && !tokens.get(i).startsWord()) {
      i++;
    }
    return i;
  }

  public int windowTokens() {
    return windowTokens;
  }

  public int strideTokens() {
    return strideTokens;
  }
}
