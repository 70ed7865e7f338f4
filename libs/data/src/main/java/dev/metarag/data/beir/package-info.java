/**
 * Retrieval benchmarks in the BEIR layout (corpus, queries, qrels), and conversion from QA sets.
 */
package dev.metarag.data.beir;
