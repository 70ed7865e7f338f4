package dev.metarag.inference.onnx;

import java.util.List;

/** A node of an ONNX graph: its name, operator and the names of its inputs and outputs. */
public record OnnxNode(String name, String opType, List<String> inputs, List<String> outputs) {}
