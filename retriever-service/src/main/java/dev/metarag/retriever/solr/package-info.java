/**
 * The SOLRCLOUD backend: one Solr collection per retriever collection, created with a configset
 * written here (schema analysed like the embedded index), reached through SolrJ only (no Solr or
 * Lucene 9 in this JVM). Lexical and kNN channels run in Solr; fusion stays in the service.
 */
package dev.metarag.retriever.solr;
