/**
 * ONNX model files at the protobuf wire level, without DJL: reading weights out for training,
 * writing trained weights back into the graph that ONNX Runtime serves ({@link
 * dev.metarag.inference.onnx.OnnxModel.Edit}, one pass), quantizing its weight matrices to int8
 * ({@link dev.metarag.inference.onnx.Int8MatMuls}, as {@link
 * dev.metarag.inference.onnx.ReaderWeights} says), appending the reader's heads ({@link
 * dev.metarag.inference.onnx.ReaderHeads}), and the base version's reader that every service builds
 * alike ({@link dev.metarag.inference.onnx.BaseReader}); and the one way ONNX Runtime sessions are
 * opened ({@link dev.metarag.inference.onnx.OrtSessions}).
 */
package dev.metarag.inference.onnx;
