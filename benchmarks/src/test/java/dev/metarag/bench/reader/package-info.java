/** Smoke tests of the reader programs on fixture files. */
package dev.metarag.bench.reader;
