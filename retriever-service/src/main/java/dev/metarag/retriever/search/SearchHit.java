package dev.metarag.retriever.search;

import dev.metarag.retriever.index.StoredPassage;

/**
 * One result of a search.
 *
 * @param score the ordering score: the channel's own in BM25 or DENSE mode, the fused one in HYBRID
 * @param bm25 null when BM25 did not return the passage
 * @param dense null when the dense channel did not return the passage
 * @param embedding the stored document embedding, or null when not asked for
 */
public record SearchHit(
    StoredPassage passage, float score, ChannelHit bm25, ChannelHit dense, float[] embedding) {}
