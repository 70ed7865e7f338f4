package dev.metarag.inference.chunk;

/**
 * One passage of a document, as character offsets into the document text.
 *
 * @param index 0-based position of the passage in its document
 * @param start offset of the first character (inclusive)
 * @param end offset after the last character (exclusive)
 * @param tokenCount number of word pieces in the passage
 */
public record PassageSpan(int index, int start, int end, int tokenCount) {

  /** The passage's text within {@code documentText}. */
  public String textOf(String documentText) {
    return documentText.substring(start, end);
  }
}
