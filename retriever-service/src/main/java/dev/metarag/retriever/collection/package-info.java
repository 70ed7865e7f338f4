/**
 * Collections: one per domain, each a directory with its settings and a Lucene index, created,
 * listed, described and deleted through {@link
 * dev.metarag.retriever.collection.CollectionRegistry}.
 */
package dev.metarag.retriever.collection;
