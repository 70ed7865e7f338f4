package dev.metarag.training.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Scalar constants that are safe inside an autograd graph.
 *
 * <p>On DJL's PyTorch engine an array created from Java values ({@code manager.create(2f)}, and the
 * temporary one behind {@code x.mul(2f)} or {@code x.div(2f)}) is a tensor over a direct
 * ByteBuffer, not a copy: the Java object owns the memory. {@code x.div(2f)} closes its temporary
 * at once, and the buffer is freed at the next garbage collection, but div and mul save that
 * operand for backward, which then reads freed memory: garbage or NaN gradients that appear only
 * when the collector runs between forward and backward. A constant made here is allocated by
 * libtorch, so the graph keeps it alive for as long as it needs it.
 *
 * <p>Rule: inside a {@code GradientCollector}, never pass a Java number to mul, div or pow of an
 * array that carries gradient; use {@link #constant} instead (add and sub save no operand).
 */
public final class Scalars {
  private Scalars() {}

  /** A 0-dimensional float32 array holding {@code value}, in memory owned by the engine. */
  public static NDArray constant(NDManager manager, float value) {
    return manager.full(new Shape(), value);
  }
}
