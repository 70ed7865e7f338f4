package dev.metarag.inference.onnx;

/**
 * An initializer of 8-bit integers put into an ONNX graph: quantized weights and their zero points.
 *
 * @param dims shape, outermost first
 * @param signed int8 when true, uint8 when false
 * @param data values in row-major order
 */
public record Int8Tensor(String name, long[] dims, boolean signed, byte[] data) {

  public Int8Tensor {
    FloatTensor.requireSize(name, dims, data.length);
  }
}
