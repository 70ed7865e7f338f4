package dev.metarag.training.memory;

import com.sun.jna.Function;
import com.sun.jna.NativeLong;

/**
 * The C allocator under libtorch. Training frees gigabytes of tensors per step, and glibc keeps
 * much of that memory for reuse instead of returning it; a long-lived service that trains now and
 * then (the adapter) would hold its peak for good.
 */
public final class NativeHeap {
  private static final Function MALLOC_TRIM = mallocTrim();

  private NativeHeap() {}

  /**
   * Hands the allocator's free memory back to the kernel (glibc's {@code malloc_trim(0)}, through
   * JNA, which DJL already uses); false where there is no such function (another C library).
   */
  public static boolean trim() {
    if (MALLOC_TRIM == null) {
      return false;
    }
    try {
      MALLOC_TRIM.invokeInt(new Object[] {new NativeLong(0)});
      return true;
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static Function mallocTrim() {
    try {
      return Function.getFunction("c", "malloc_trim");
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }
}
