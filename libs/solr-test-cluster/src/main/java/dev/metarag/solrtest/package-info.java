/**
 * A SolrCloud for tests, run in its own JVM because Solr 9's Lucene 9 cannot share a classpath with
 * the retriever's Lucene 10. It speaks a line protocol on stdin and stdout.
 */
package dev.metarag.solrtest;
