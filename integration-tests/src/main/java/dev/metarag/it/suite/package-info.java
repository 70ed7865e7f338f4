/**
 * The four packaged services started as real processes on loopback ports with one data directory,
 * wired to each other by the ports they got: start all, stop, kill -9 or restart one on the same
 * port and data. Integration tests and the load test build on it.
 */
package dev.metarag.it.suite;
