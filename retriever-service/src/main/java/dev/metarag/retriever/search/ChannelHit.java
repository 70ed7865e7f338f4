package dev.metarag.retriever.search;

/**
 * A passage as one channel ranked it.
 *
 * @param luceneDoc Lucene document number, valid for the searcher that produced it
 * @param score BM25 score, or cosine similarity for the dense channel
 * @param rank 1-based rank within the channel
 */
public record ChannelHit(int luceneDoc, float score, int rank) {}
