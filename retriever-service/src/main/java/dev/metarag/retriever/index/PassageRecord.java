package dev.metarag.retriever.index;

import java.util.Map;

/**
 * One passage as it is stored: where it sits in its document, its text and its embedding.
 *
 * @param text the passage text, {@code document.text[start, end)}
 * @param vector unit-length embedding
 */
public record PassageRecord(
    String documentId,
    int passageIndex,
    String title,
    String text,
    int start,
    int end,
    float[] vector,
    Map<String, String> metadata) {

  /** Stable id of a passage, "document id#index". */
  public String passageId() {
    return PassageSchema.passageId(documentId, passageIndex);
  }
}
