/**
 * What {@code ./metarag run} runs: the four packaged services on one data directory, each started
 * again with backoff when it dies while the others keep serving, given up after repeated quick
 * failures, and all stopped gracefully on Ctrl-C or SIGTERM.
 */
package dev.metarag.it.supervisor;
