package dev.metarag.generator.serving;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts ONNX Runtime sessions open in this process (readers and query encoders), so that a leak
 * over repeated swaps shows up as a number (metric and tests) before it shows up as memory.
 */
public final class SessionCounter {
  private final AtomicInteger open = new AtomicInteger();

  void opened() {
    open.incrementAndGet();
  }

  void closed() {
    open.decrementAndGet();
  }

  public int open() {
    return open.get();
  }
}
