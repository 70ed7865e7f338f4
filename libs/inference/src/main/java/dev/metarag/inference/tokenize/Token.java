package dev.metarag.inference.tokenize;

/**
 * One word piece of a text.
 *
 * @param id vocabulary id
 * @param piece the vocabulary entry, with the "##" prefix for pieces that continue a word
 * @param start offset of the first character in the original text (UTF-16 index, inclusive)
 * @param end offset after the last character in the original text (exclusive)
 * @param wordIndex index of the pre-tokenised word this piece belongs to, counting from 0
 */
public record Token(int id, String piece, int start, int end, int wordIndex) {

  /** True for the first piece of a word, where a passage may start without cutting a word. */
  public boolean startsWord() {
    return !piece.startsWith(WordPieceTokenizer.CONTINUATION_PREFIX);
  }
}
