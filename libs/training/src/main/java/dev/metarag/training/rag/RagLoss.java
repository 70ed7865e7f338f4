package dev.metarag.training.rag;

import ai.djl.ndarray.NDArray;

/**
 * The loss of a batch and what was left out of it.
 *
 * @param loss mean negative log marginal likelihood over the examples used; null when none was
 * @param used examples with an answer in at least one candidate
 * @param skipped examples whose answer occurs in no candidate: they carry no reading signal and add
 *     no loss (callers report them)
 */
public record RagLoss(NDArray loss, int used, int skipped) {}
