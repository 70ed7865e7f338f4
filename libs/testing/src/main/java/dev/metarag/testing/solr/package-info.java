/**
 * A real SolrCloud for tests and benchmarks of the retriever's SOLRCLOUD backend: the cluster of
 * libs/solr-test-cluster run as a child JVM, driven through its line protocol.
 */
package dev.metarag.testing.solr;
