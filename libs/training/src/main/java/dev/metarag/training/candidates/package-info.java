/**
 * Retrieval candidates for training: where they come from, and their precomputation per question.
 */
package dev.metarag.training.candidates;
