/**
 * Exceptions that say what the caller got wrong; the gRPC layer maps each to its status code, so
 * the domain code stays free of gRPC.
 */
package dev.metarag.retriever.error;
