/** Smoke test of the retrieval evaluation against the packaged retriever-service. */
package dev.metarag.bench.eval;
