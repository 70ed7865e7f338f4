package dev.metarag.retriever.search;

/** Which channels rank the passages. */
public enum SearchMode {
  BM25,
  DENSE,
  HYBRID
}
