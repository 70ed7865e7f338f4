/** Smoke test of {@code ./metarag eval-answers} against real services. */
package dev.metarag.bench.answers;
