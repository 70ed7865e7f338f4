/** Smoke tests of the training-throughput benchmark on the tiny model and a fixture file. */
package dev.metarag.bench.train;
