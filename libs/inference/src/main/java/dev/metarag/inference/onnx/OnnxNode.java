package dev.metarag.inference.onnx;

import java.util.List;
import java.util.Map;

/**
 * A node of an ONNX graph: its name, operator, the names of its inputs and outputs, and its integer
 * attributes (the only kind the suite writes, such as Cast's {@code to}; nodes read from a file
 * list none, since their bytes are copied through unchanged).
 */
public record OnnxNode(
    String name,
    String opType,
    List<String> inputs,
    List<String> outputs,
    Map<String, Long> intAttributes) {

  public OnnxNode(String name, String opType, List<String> inputs, List<String> outputs) {
    this(name, opType, inputs, outputs, Map.of());
  }
}
