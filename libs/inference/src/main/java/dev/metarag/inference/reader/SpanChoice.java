package dev.metarag.inference.reader;

/**
 * The best answer span found.
 *
 * @param passage index of the passage it lies in
 * @param startToken first passage token of the span (0-based within the passage's tokens)
 * @param endToken last passage token of the span, inclusive
 * @param confidence p(passage | question) x p(start) x p(end), in [0, 1]
 */
public record SpanChoice(int passage, int startToken, int endToken, double confidence) {}
