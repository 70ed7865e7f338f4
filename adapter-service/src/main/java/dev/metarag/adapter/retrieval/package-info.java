/**
 * The retriever as the adapter uses it: support candidates with their stored embeddings, dense
 * ranking by an adapted query embedding for evaluation, and query-encoder swaps on promotion.
 */
package dev.metarag.adapter.retrieval;
