/**
 * The supervised training entry point used by the trainer and adapter: seeded batches over examples
 * with precomputed candidates, Adam on a parameter subset, progress reports and atomic checkpoints.
 */
package dev.metarag.training.supervised;
