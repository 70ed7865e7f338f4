package dev.metarag.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a worker image gets another libtorch than the bundled CPU one (the CUDA variant,
 * src/main/docker/Dockerfile.cuda): without pytorch-native-cpu on the class path and with
 * PYTORCH_LIBRARY_PATH, PYTORCH_VERSION and PYTORCH_FLAVOR set, DJL loads the libtorch found there
 * and extracts the JNI library of that flavor from pytorch-jni into the engine cache, offline. Run
 * here with the CPU libtorch (there is no GPU and no CUDA libtorch on these machines), it shows the
 * mechanism the CUDA image relies on; {@code --engine-info} is what tells the two builds apart.
 */
class ExternalLibtorchTest {
  @TempDir Path engineCache;
  @TempDir Path libtorchDir;

  /** `meta-trainer-worker --engine-info` in a child JVM; its one line of output. */
  private static String engineInfo(String classPath, Map<String, String> env)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--enable-native-access=ALL-UNNAMED",
            "-Dai.djl.pytorch.num_threads=1",
            "-Dai.djl.pytorch.num_interop_threads=1",
            "-cp",
            classPath,
            MetaTrainingWorker.class.getName(),
            "--engine-info");
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    Process process = builder.start();
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    String out = new String(process.getInputStream().readAllBytes());
    assertThat(process.exitValue()).as(out).isZero();
    return out.lines()
        .filter(l -> l.startsWith("PyTorch "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no engine line in:\n" + out));
  }

  @Test
  void aLibtorchFromPytorchLibraryPathReplacesTheBundledOne() throws Exception {
    String classPath = System.getProperty("java.class.path");
    String bundled = engineInfo(classPath, Map.of());
    assertThat(bundled)
        .startsWith("PyTorch 2.7.1 from ")
        .contains("(CPU build), 0 GPU(s) visible, training on cpu()");
    // The bundled jar's libtorch, as DJL extracted it, without DJL's JNI library next to it: stands
    // in for the lib/ directory of a CUDA libtorch unpacked in the image.
    Path extracted =
        Path.of(bundled.substring("PyTorch 2.7.1 from ".length(), bundled.indexOf(" (")));
    assertThat(extracted.resolve("libtorch.so")).isRegularFile();
    try (var files = Files.list(extracted)) {
      for (Path lib : files.filter(f -> !f.toString().endsWith("djl_torch.so")).toList()) {
        Files.createSymbolicLink(libtorchDir.resolve(lib.getFileName()), lib);
      }
    }

    String withoutNativeJar =
        Arrays.stream(classPath.split(File.pathSeparator))
            .filter(entry -> !Path.of(entry).getFileName().toString().startsWith("pytorch-native-"))
            .collect(Collectors.joining(File.pathSeparator));
    assertThat(withoutNativeJar).isNotEqualTo(classPath);
    String external =
        engineInfo(
            withoutNativeJar,
            Map.of(
                "PYTORCH_LIBRARY_PATH",
                libtorchDir.toString(),
                "PYTORCH_VERSION",
                "2.7.1",
                "PYTORCH_FLAVOR",
                "cpu",
                "ENGINE_CACHE_DIR",
                engineCache.toString()));

    assertThat(external).startsWith("PyTorch 2.7.1 from " + libtorchDir + " (CPU build)");
    // The JNI library of the flavor came out of pytorch-jni into the (emptyDir) engine cache.
    assertThat(engineCache.resolve("pytorch/2.7.1-cpu-linux-x86_64/0.36.0-libdjl_torch.so"))
        .isRegularFile();
  }

  @Test
  void theBundledJniLibraryAlsoComesForCuda128() {
    // PYTORCH_FLAVOR=cu128 takes this one; the CUDA libtorch itself is not on Maven Central for
    // 2.7.1.
    List<String> flavors = List.of("cpu", "cu128");
    for (String flavor : flavors) {
      assertThat(getClass().getResource("/jnilib/linux-x86_64/" + flavor + "/libdjl_torch.so"))
          .as(flavor)
          .isNotNull();
    }
  }
}
