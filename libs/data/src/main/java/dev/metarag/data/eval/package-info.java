/**
 * Evaluation metrics: recall@k, hit@k, MRR@k and nDCG@k for retrieval; SQuAD exact match and F1
 * (word and character level) for reading.
 */
package dev.metarag.data.eval;
