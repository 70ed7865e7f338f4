package dev.metarag.retriever.search;

/**
 * A passage with its final score and what each channel said of it.
 *
 * @param doc the passage, numbered as in {@link ChannelHit#doc}
 * @param bm25 null when BM25 did not return it
 * @param dense null when the dense channel did not return it
 */
public record FusedHit(int doc, float score, ChannelHit bm25, ChannelHit dense) {}
