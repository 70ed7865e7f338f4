/** Test support: the real retriever with fixture collections, and a real trainer client. */
package dev.metarag.trainer.support;
