package dev.metarag.inference.reader;

/**
 * A retrieved passage to read.
 *
 * @param documentStart offset of the passage's first character in its document, so that answer
 *     offsets can be given in document coordinates for citations
 * @param retrievalScore cosine similarity between query and passage embeddings
 */
public record ReaderPassage(
    String documentId, String passageId, String text, int documentStart, float retrievalScore) {}
