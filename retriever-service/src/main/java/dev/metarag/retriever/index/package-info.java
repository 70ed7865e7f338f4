/**
 * The Lucene side of a collection: the schema of document and passage records, and the index with
 * its writer, near-real-time searchers and commits.
 */
package dev.metarag.retriever.index;
