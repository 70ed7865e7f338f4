package dev.metarag.bench.meta;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Measures one algorithm in a JVM of its own, started with this JVM's executable, flags and class
 * path (and environment), so that its peak resident memory belongs to that algorithm alone.
 */
final class ChildJvm {
  private ChildJvm() {}

  /** What a child run gave: its result line if it printed one, and its exit code. */
  record Outcome(Optional<AlgorithmResult> result, int exitCode) {}

  static Outcome run(String algorithm, List<String> settingsArgs)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(MetaStepBenchmark.class.getName());
    command.add("--algorithm");
    command.add(algorithm);
    command.addAll(settingsArgs);
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    AlgorithmResult result = null;
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        System.out.println(line);
        if (line.startsWith(AlgorithmResult.LINE_PREFIX)) {
          result = AlgorithmResult.fromJson(line.substring(AlgorithmResult.LINE_PREFIX.length()));
        }
      }
    }
    return new Outcome(Optional.ofNullable(result), process.waitFor());
  }
}
