package dev.metarag.retriever.search;

/**
 * A passage as one channel ranked it.
 *
 * @param doc identifies the passage within one search: the Lucene document number for the embedded
 *     index, a number the search gives each distinct passage for SolrCloud
 * @param score BM25 score, or cosine similarity for the dense channel
 * @param rank 1-based rank within the channel
 */
public record ChannelHit(int doc, float score, int rank) {}
