/**
 * Ranking passages: the BM25 channel, the dense (HNSW) channel, metadata filters, and the fusion of
 * both channels (weighted reciprocal-rank fusion or normalised linear fusion) for HYBRID mode.
 */
package dev.metarag.retriever.search;
