/**
 * Export of trained models: ONNX files from trained weights, atomic model package writing, and RAG
 * model packages written and read back.
 */
package dev.metarag.training.export;
