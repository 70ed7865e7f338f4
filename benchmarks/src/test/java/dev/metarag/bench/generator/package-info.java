/** Smoke test of the answer benchmark against the packaged retriever and generator. */
package dev.metarag.bench.generator;
