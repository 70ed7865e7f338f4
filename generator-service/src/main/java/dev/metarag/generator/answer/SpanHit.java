package dev.metarag.generator.answer;

/**
 * An answer span in one retrieved passage.
 *
 * @param passage index of the passage in retrieval order
 * @param start start in the passage's text, inclusive (UTF-16 code units)
 * @param end end in the passage's text, exclusive
 * @param confidence the reader's probability of this span, in [0, 1]
 */
record SpanHit(int passage, int start, int end, double confidence) {}
