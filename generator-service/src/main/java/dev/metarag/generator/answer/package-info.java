/**
 * One answer from question to citations: the model lease, the question's embedding (by the
 * retriever or here), retrieval, reading on ONNX Runtime, span scoring, citations with snippets,
 * abstention and time per stage.
 */
package dev.metarag.generator.answer;
