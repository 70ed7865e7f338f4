/**
 * The RAG model for training: a trainable query encoder scoring frozen passage embeddings, a
 * cross-encoder reader with span and relevance heads, the marginal likelihood over retrieved
 * passages, parameter subsets, and supervised training.
 */
package dev.metarag.training.rag;
