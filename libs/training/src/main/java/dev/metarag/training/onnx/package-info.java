/**
 * ONNX model files at the protobuf wire level: reading weights out for training and writing trained
 * weights (and extra head nodes) back into the graph that ONNX Runtime serves.
 */
package dev.metarag.training.onnx;
