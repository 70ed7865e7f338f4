/**
 * The training throughput benchmark (./metarag bench-train): question-passage pairs per second of
 * the RAG model's training step, run several ways, against ONNX Runtime's forward pass.
 */
package dev.metarag.bench.train;
