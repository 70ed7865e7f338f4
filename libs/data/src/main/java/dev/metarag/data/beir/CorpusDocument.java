package dev.metarag.data.beir;

import java.util.Map;

/**
 * One document of a retrieval corpus.
 *
 * @param metadata string attributes a retriever can filter on
 */
public record CorpusDocument(String id, String title, String text, Map<String, String> metadata) {

  public CorpusDocument {
    metadata = Map.copyOf(metadata);
  }
}
