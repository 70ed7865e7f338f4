/**
 * ONNX model files at the protobuf wire level, without DJL: reading weights out for training,
 * writing trained weights back into the graph that ONNX Runtime serves, and appending the reader's
 * heads ({@link dev.metarag.inference.onnx.ReaderHeads}), so that serving can build the "base"
 * reader itself; and the one way ONNX Runtime sessions are opened ({@link
 * dev.metarag.inference.onnx.OrtSessions}).
 */
package dev.metarag.inference.onnx;
