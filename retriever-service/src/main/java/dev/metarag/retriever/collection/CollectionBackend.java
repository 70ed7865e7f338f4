package dev.metarag.retriever.collection;

/** Where a collection's passages are stored and searched; fixed when it is created. */
public enum CollectionBackend {
  /** A Lucene index in the collection's directory on the retriever's disk. */
  EMBEDDED,
  /** A collection of the configured SolrCloud cluster, named after the retriever's collection. */
  SOLRCLOUD
}
