package dev.metarag.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.metarag.k8s.support.Paths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker image's command (meta-trainer-worker/src/main/docker/meta-trainer-worker.sh), run with
 * /bin/sh and a stand-in `java` that prints its arguments: the job directory reaches the worker
 * jar, and PyTorch gets as many threads as the container's CPU quota, not the node's cores.
 */
class WorkerLauncherTest {
  private static final Path LAUNCHER =
      Paths.repository().resolve("meta-trainer-worker/src/main/docker/meta-trainer-worker.sh");

  @TempDir Path dir;

  private String launch(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "no /bin/sh to run the launcher with");
    Path javaHome = dir.resolve("jdk");
    Files.createDirectories(javaHome.resolve("bin"));
    Path java = javaHome.resolve("bin/java");
    Files.writeString(java, "#!/bin/sh\nprintf '%s\\n' \"$@\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    ProcessBuilder builder =
        new ProcessBuilder(concat(List.of("/bin/sh", LAUNCHER.toString()), List.of(args)));
    builder.environment().clear();
    builder.environment().put("PATH", "/usr/bin:/bin");
    builder.environment().put("JAVA_HOME", javaHome.toString());
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    Process process = builder.start();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    String out = new String(process.getInputStream().readAllBytes());
    assertThat(process.exitValue()).as(out).isZero();
    return out;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  private Path cpuMax(String content) throws IOException {
    Path file = dir.resolve("cpu.max");
    Files.writeString(file, content + "\n");
    return file;
  }

  @Test
  void theJobDirectoryReachesTheWorkerJarAndThreadsFollowTheCpuQuota() throws Exception {
    String out =
        launch(
            Map.of("METARAG_CGROUP_CPU_MAX", cpuMax("250000 100000").toString()),
            "--job-dir",
            "/var/lib/metarag/shared/meta-trainer/jobs/mt-7");

    assertThat(out.lines().toList())
        .contains("-Dai.djl.pytorch.num_threads=3", "-Dai.djl.offline=true")
        .endsWith(
            "-jar",
            "/opt/metarag/worker/meta-trainer-worker.jar",
            "--job-dir",
            "/var/lib/metarag/shared/meta-trainer/jobs/mt-7");
  }

  @Test
  void withoutAQuotaTheCoresAreCountedAndExplicitSettingsWin() throws Exception {
    String unlimited =
        launch(
            Map.of("METARAG_CGROUP_CPU_MAX", cpuMax("max 100000").toString()), "--job-dir", "/j");
    String explicit =
        launch(
            Map.of(
                "METARAG_CGROUP_CPU_MAX", cpuMax("250000 100000").toString(),
                "METARAG_WORKER_THREADS", "7",
                "METARAG_WORKER_MAX_RAM_PERCENTAGE", "40",
                "JAVA_OPTS", "-Xss4m -Dx=y"),
            "--job-dir",
            "/j");

    assertThat(unlimited).containsPattern("-Dai.djl.pytorch.num_threads=[1-9][0-9]*\\n");
    assertThat(explicit.lines().toList())
        .contains("-Dai.djl.pytorch.num_threads=7", "-XX:MaxRAMPercentage=40", "-Xss4m", "-Dx=y");
  }
}
