/** Reader programs: the PolicyQA sanity run (train, export, score on ONNX Runtime). */
package dev.metarag.bench.reader;
