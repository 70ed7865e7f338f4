/**
 * Task preparation: each domain's labelled questions are read, their retrieval candidates fetched
 * from the domain's collection in the retriever (with the passages' document embeddings), and the
 * result written into the job directory for the worker.
 */
package dev.metarag.trainer.tasks;
