/**
 * The meta-step benchmark: seconds per meta-step and resident memory of each meta-learning
 * algorithm on the real MiniLM RAG model (or the tiny one, to check the benchmark itself), each
 * algorithm in a JVM of its own so that its peak resident memory is its own. {@link
 * dev.metarag.bench.meta.MetaStepBenchmark} is the entry point ({@code ./metarag bench-meta}).
 */
package dev.metarag.bench.meta;
