/**
 * Model packages: the versioned directories of ONNX files, tokenizer and manifest that serve a
 * model.
 */
package dev.metarag.inference.model;
