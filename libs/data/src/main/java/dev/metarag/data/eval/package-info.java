/**
 * Evaluation metrics: recall@k, hit@k, MRR@k and nDCG@k for retrieval ({@link
 * dev.metarag.data.eval.RankingMetrics}), averaged over queries by {@link
 * dev.metarag.data.eval.MeanAccumulator}; exact match and F1 for reading, by word or by character
 * ({@link dev.metarag.data.eval.SquadMetrics}); accuracy and macro-F1 for yes/no/maybe decisions
 * ({@link dev.metarag.data.eval.ClassificationMetrics}).
 */
package dev.metarag.data.eval;
