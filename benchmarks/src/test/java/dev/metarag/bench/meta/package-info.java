/** Smoke test of the meta-step benchmark on the tiny model. */
package dev.metarag.bench.meta;
