/**
 * The domain-transfer benchmark ({@code ./metarag bench-transfer}): leave-one-domain-out
 * meta-training and joint training through the meta-trainer, few-shot adaptation through the
 * adapter, each target domain's own corpus in the retriever; results as JSON, Markdown and PNG.
 */
package dev.metarag.bench.transfer;
