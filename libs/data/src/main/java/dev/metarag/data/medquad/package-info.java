/**
 * MedQuAD: consumer-health questions and their answer passages from NIH sites, used as a retrieval
 * set (question to passage).
 */
package dev.metarag.data.medquad;
