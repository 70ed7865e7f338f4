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
    requireSize(name, dims, data.length);
  }

  /**
   * Checks that a shape holds {@code length} values (for every tensor type of this package).
   *
   * @throws IllegalArgumentException naming the tensor, its shape and both counts
   */
  static void requireSize(String name, long[] dims, int length) {
    long size = 1;
    for (long d : dims) {
      size *= d;
    }
    if (size != length) {
      throw new IllegalArgumentException(
          name + ": shape " + Arrays.toString(dims) + " needs " + size + " values, got " + length);
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
