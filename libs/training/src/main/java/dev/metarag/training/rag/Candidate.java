package dev.metarag.training.rag;

/**
 * A retrieved passage offered to the model for one question.
 *
 * @param passageId the retriever's passage id
 * @param documentId the retriever's id of the document the passage comes from; "" when unknown.
 *     Evaluation with a gold document counts a passage relevant by it.
 * @param text the passage text
 * @param embedding the passage's frozen, unit-length document embedding from the index
 */
public record Candidate(String passageId, String documentId, String text, float[] embedding) {}
