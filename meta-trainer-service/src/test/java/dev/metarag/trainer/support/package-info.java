/**
 * Test support: the real retriever with fixture collections, a real trainer client, tiny job specs
 * and versions registered in the trainer's model registry.
 */
package dev.metarag.trainer.support;
