package dev.metarag.registry;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@link ExportingWriter} as a child JVM on this test's class path: a real second process, holding
 * its own file locks, that can be killed with SIGKILL half-way through an export.
 */
final class ChildWriter implements AutoCloseable {
  private static final long TIMEOUT_SECONDS = 60;

  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final StringBuilder output = new StringBuilder();

  private ChildWriter(Process process) {
    this.process = process;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                  synchronized (output) {
                    output.append(line).append('\n');
                  }
                  lines.add(line);
                }
              } catch (IOException e) {
                // the process is gone
              }
            },
            "child-writer-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts a writer of the domain's next version in {@code root}. */
  static ChildWriter start(Path root, String domain) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p =
        new ProcessBuilder(
                List.of(
                    java.toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    ExportingWriter.class.getName(),
                    root.toString(),
                    domain))
            .redirectErrorStream(true)
            .start();
    return new ChildWriter(p);
  }

  /** Waits until the writer is half-way through its package; returns the version it writes. */
  String awaitWriting() throws InterruptedException {
    return awaitLine(ExportingWriter.WRITING);
  }

  /** Lets the writer complete its package and waits until it has exited successfully. */
  String finish() throws IOException, InterruptedException {
    Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    in.write("finish\n");
    in.flush();
    String version = awaitLine(ExportingWriter.DONE);
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("the writer did not exit cleanly:\n" + output());
    }
    return version;
  }

  /** SIGKILL, as the OOM killer or kill -9 would: no shutdown hook, no finally block runs. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      throw new IllegalStateException("process " + process.pid() + " survived SIGKILL");
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  private String awaitLine(String prefix) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (line != null && line.startsWith(prefix)) {
        return line.substring(prefix.length()).trim();
      }
      if (line == null && !process.isAlive()) {
        break;
      }
    }
    throw new IllegalStateException("the writer never printed '" + prefix + "':\n" + output());
  }

  private String output() {
    synchronized (output) {
      return output.toString();
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
