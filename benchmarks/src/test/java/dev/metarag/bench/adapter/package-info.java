/** Smoke test of the adaptation benchmark against the packaged retriever and adapter. */
package dev.metarag.bench.adapter;
