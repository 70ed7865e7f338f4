package dev.metarag.testing;

import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A packaged Quarkus service started as a child JVM on a loopback port: a free one, or a given one
 * (to start a service again where its clients expect it).
 */
public final class ServiceProcess implements AutoCloseable {
  private final Process process;
  private final int port;

  private ServiceProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts {@code <module>/target/quarkus-app/quarkus-run.jar} with extra system properties and
   * waits until gRPC health says SERVING.
   */
  public static ServiceProcess start(String module, List<String> properties, Path log)
      throws IOException, InterruptedException {
    return start(Path.of(module), properties, log);
  }

  /** The same, for a module directory given as a path (tests run inside their own module). */
  public static ServiceProcess start(Path module, List<String> properties, Path log)
      throws IOException, InterruptedException {
    return start(module, freePort(), properties, log);
  }

  /**
   * The same on a given port, for example the one a killed instance had. The log is appended to, so
   * one file tells the story of every start.
   */
  public static ServiceProcess start(Path module, int port, List<String> properties, Path log)
      throws IOException, InterruptedException {
    return start(module, port, List.of(), properties, log);
  }

  /** The same with JVM options, for example {@code -Xmx1g} for a test that bounds memory. */
  public static ServiceProcess start(
      Path module, int port, List<String> jvmOptions, List<String> properties, Path log)
      throws IOException, InterruptedException {
    return start(module, port, jvmOptions, properties, log, ServiceProcess::plaintext);
  }

  /**
   * The same on a free port, awaiting health through channels from {@code channels} (host:port to
   * channel), for a service that serves TLS only.
   */
  public static ServiceProcess start(
      Path module, List<String> properties, Path log, Function<String, ManagedChannel> channels)
      throws IOException, InterruptedException {
    return start(module, freePort(), List.of(), properties, log, channels);
  }

  private static ServiceProcess start(
      Path module,
      int port,
      List<String> jvmOptions,
      List<String> properties,
      Path log,
      Function<String, ManagedChannel> channels)
      throws IOException, InterruptedException {
    Path jar = module.resolve("target/quarkus-app/quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build with ./metarag build first");
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(
        List.of("--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"));
    cmd.addAll(jvmOptions);
    cmd.add("-Dquarkus.http.port=" + port);
    cmd.add("-Dquarkus.http.host=127.0.0.1");
    properties.forEach(p -> cmd.add("-D" + p));
    cmd.addAll(List.of("-jar", jar.toString()));
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    ServiceProcess service = new ServiceProcess(p, port);
    try {
      service.awaitServing(log, channels.apply(service.target()));
    } catch (RuntimeException | InterruptedException e) {
      service.kill();
      throw e;
    }
    return service;
  }

  /**
   * A loopback port nobody listens on now. Another process may take it before the service binds it;
   * the service then fails to start and says so in its log.
   */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }

  private static ManagedChannel plaintext(String target) {
    return ManagedChannelBuilder.forTarget(target).usePlaintext().build();
  }

  private void awaitServing(Path log, ManagedChannel channel) throws InterruptedException {
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException("service exited during start-up; see " + log);
        }
        try {
          if (HealthGrpc.newBlockingStub(channel)
                  .withDeadlineAfter(2, TimeUnit.SECONDS)
                  .check(HealthCheckRequest.getDefaultInstance())
                  .getStatus()
              == HealthCheckResponse.ServingStatus.SERVING) {
            return;
          }
        } catch (RuntimeException notYet) {
          // the port is not open yet
        }
        Thread.sleep(200); // polling a child process that gives no other signal of readiness
      }
      throw new IllegalStateException("service not serving after 120 s; see " + log);
    } finally {
      channel.shutdownNow();
    }
  }

  public String target() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits until the process has exited, however it ended, and returns its exit code. */
  public int waitFor() throws InterruptedException {
    return process.waitFor();
  }

  /**
   * SIGKILL, as a crash or the OOM killer would: no shutdown hook runs. Returns once it is gone.
   */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("process " + process.pid() + " survived SIGKILL for 30 s");
    }
  }

  /** SIGTERM, a graceful shutdown; SIGKILL if it takes more than 30 s. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
