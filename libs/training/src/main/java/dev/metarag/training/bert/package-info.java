/**
 * MiniLM as a functional BERT on DJL's PyTorch engine: weights named and loaded from the ONNX
 * graph, and a forward pass that is a pure function of them, so any subset can be trained and an
 * inner-loop update is tensor arithmetic.
 */
package dev.metarag.training.bert;
