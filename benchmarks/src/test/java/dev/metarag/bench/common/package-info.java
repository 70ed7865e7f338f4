/** The check that every program ./metarag starts has a smoke test. */
package dev.metarag.bench.common;
