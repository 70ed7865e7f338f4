package dev.metarag.training.memory;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Function;
import org.junit.jupiter.api.Test;

class NativeHeapTest {
  @Test
  void hugePagesAreAskedOfLibtorchThroughTheProcessEnvironment() {
    String before = getenv(NativeHeap.HUGE_PAGES_VARIABLE);

    assertThat(NativeHeap.useHugePages()).isTrue();

    // libtorch reads the C environment, which Java's System.getenv does not see change.
    String expected = before == null ? "1" : before;
    assertThat(getenv(NativeHeap.HUGE_PAGES_VARIABLE)).isEqualTo(expected);
  }

  @Test
  void freedMemoryCanBeHandedBack() {
    assertThat(NativeHeap.trim()).isTrue();
  }

  private static String getenv(String name) {
    return (String) Function.getFunction("c", "getenv").invoke(String.class, new Object[] {name});
  }
}
