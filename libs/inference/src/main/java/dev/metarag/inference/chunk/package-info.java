/** Token-window chunking of documents into passages, with character offsets for citations. */
package dev.metarag.inference.chunk;
