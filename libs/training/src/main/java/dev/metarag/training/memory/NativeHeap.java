package dev.metarag.training.memory;

import com.sun.jna.Function;
import com.sun.jna.NativeLong;

/**
 * The C allocator under libtorch. Training frees gigabytes of tensors per step, and glibc keeps
 * much of that memory for reuse instead of returning it; a long-lived service that trains now and
 * then (the adapter) would hold its peak for good.
 */
public final class NativeHeap {
  private static final Function MALLOC_TRIM = function("malloc_trim");
  private static final Function SETENV = function("setenv");

  /** libtorch's switch for backing large tensors with transparent huge pages. */
  static final String HUGE_PAGES_VARIABLE = "THP_MEM_ALLOC_ENABLE";

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

  /**
   * Asks libtorch to back tensors of 2 MB and more with transparent huge pages. A training step
   * allocates and frees gigabytes of activations and gradients; with 4 KB pages the kernel zeroes
   * and maps each page on first touch, about half a million page faults per step of an adaptation
   * on MiniLM, which made a step a third slower on these machines. libtorch reads the variable at
   * its first allocation, so this must run before any tensor exists; a value the process was
   * started with is kept. Returns whether the variable is set.
   */
  public static boolean useHugePages() {
    if (SETENV == null) {
      return false;
    }
    try {
      return SETENV.invokeInt(new Object[] {HUGE_PAGES_VARIABLE, "1", 0}) == 0;
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static Function function(String name) {
    try {
      return Function.getFunction("c", name);
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }
}
