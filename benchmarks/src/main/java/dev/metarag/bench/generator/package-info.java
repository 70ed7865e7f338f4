/**
 * Answer latency of generator-service per stage, against the reader's own ONNX Runtime time for the
 * same passages.
 */
package dev.metarag.bench.generator;
