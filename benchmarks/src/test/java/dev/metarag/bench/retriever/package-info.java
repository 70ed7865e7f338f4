/** Smoke tests of the retriever benchmarks against the packaged retriever-service. */
package dev.metarag.bench.retriever;
