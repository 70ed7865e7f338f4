/**
 * Sentence encoders on ONNX Runtime: the built-in pretrained MiniLM and domain-adapted query
 * encoders loaded from model packages.
 */
package dev.metarag.inference.encoder;
