/**
 * adapter-service: few-shot adaptation of a RAG model to a domain, evaluation before and after,
 * ONNX export, and the domain's model versions.
 */
package dev.metarag.adapter;
