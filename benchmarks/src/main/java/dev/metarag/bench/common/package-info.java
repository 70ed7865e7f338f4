/** What the evaluation and benchmark programs share: a retriever client, options, the machine. */
package dev.metarag.bench.common;
