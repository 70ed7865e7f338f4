package dev.metarag.training.rag;

/**
 * A retrieved passage offered to the model for one question.
 *
 * @param passageId the retriever's passage id
 * @param text the passage text
 * @param embedding the passage's frozen, unit-length document embedding from the index
 */
public record Candidate(String passageId, String text, float[] embedding) {}
