/**
 * Where a collection's passages live: the {@link dev.metarag.retriever.store.PassageStore} contract
 * and its embedded Lucene implementation. Chunking, embedding and fusion happen above it, so every
 * backend answers the same requests the same way.
 */
package dev.metarag.retriever.store;
