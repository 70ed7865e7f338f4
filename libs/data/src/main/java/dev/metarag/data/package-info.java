/**
 * Data sets and evaluation: readers for every format MetaRAG trains and evaluates on, and the
 * metrics it reports. {@link dev.metarag.data.SharedData} finds the shared data folder.
 */
package dev.metarag.data;
