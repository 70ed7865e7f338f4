/** MedQuAD: consumer-health questions and their answer passages, used as a retrieval set. */
package dev.metarag.data.medquad;
