package dev.metarag.inference.reader;

/**
 * An answer read from the passages.
 *
 * @param passage the passage it comes from
 * @param text the answer: exactly {@code passage.text()[passageStart, passageEnd)}
 * @param documentStart answer offset in the document (for the citation)
 * @param documentEnd end offset in the document, exclusive
 * @param confidence in [0, 1]; see {@link SpanDecoder}
 */
public record ReaderAnswer(
    ReaderPassage passage,
    String text,
    int passageStart,
    int passageEnd,
    int documentStart,
    int documentEnd,
    double confidence) {}
