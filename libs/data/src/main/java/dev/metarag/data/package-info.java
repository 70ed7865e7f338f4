/**
 * Data sets and evaluation: readers for every format MetaRAG trains and evaluates on, all returning
 * the common model of {@link dev.metarag.data.qa}, conversion to retrieval benchmarks ({@link
 * dev.metarag.data.beir}), and the metrics it reports ({@link dev.metarag.data.eval}). {@link
 * dev.metarag.data.SharedData} finds the shared data folder.
 */
package dev.metarag.data;
