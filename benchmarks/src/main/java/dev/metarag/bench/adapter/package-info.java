/**
 * The adaptation benchmark: wall time from an Adapt call to a registered package, per stage, for
 * full and heads-only (ANIL) adaptation on the real model, with the services as real processes.
 */
package dev.metarag.bench.adapter;
