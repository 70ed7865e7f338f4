package dev.metarag.inference.onnx;

import java.util.Arrays;

/**
 * A float tensor taken from, or put into, an ONNX graph.
 *
 * @param dims shape, outermost first
 * @param data values in row-major order
 */
public record FloatTensor(String name, long[] dims, float[] data) {

  public FloatTensor {
    long size = 1;
    for (long d : dims) {
      size *= d;
    }
    if (size != data.length) {
      throw new IllegalArgumentException(
          name
              + ": shape "
              + Arrays.toString(dims)
              + " needs "
              + size
              + " values, got "
              + data.length);
    }
  }

  /** The same values under another name. */
  public FloatTensor withName(String newName) {
    return new FloatTensor(newName, dims, data);
  }

  public int rank() {
    return dims.length;
  }
}
