/**
 * Reading answers on ONNX Runtime: the reader graph of a model package, span decoding across
 * passages with a confidence, and answer offsets in passage and document coordinates.
 */
package dev.metarag.inference.reader;
