package dev.metarag.data.qa;

import java.util.Map;

/**
 * A passage or document that questions are asked about.
 *
 * @param metadata string attributes a retriever can filter on, such as the privacy policy's title
 *     (PolicyQA) or the reviewed item (SubjQA)
 */
public record QaContext(String id, String title, String text, Map<String, String> metadata) {

  public QaContext {
    metadata = Map.copyOf(metadata);
  }
}
