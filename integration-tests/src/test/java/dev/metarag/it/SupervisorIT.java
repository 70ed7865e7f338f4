package dev.metarag.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.metarag.it.suite.Service;
import dev.metarag.testing.ServiceProcess;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ./metarag run}'s supervisor started as {@code ./metarag run} starts it (its own JVM on the
 * module's class path), on free ports and a new data directory: a service killed with SIGKILL is
 * started again by the supervisor and serves gRPC again while the other three answer throughout;
 * SIGTERM to the supervisor stops every service.
 */
class SupervisorIT {
  private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
  private static final Service KILLED = Service.ADAPTER;
  // Generous: restarting a JVM loads every core, and answering late is still answering.
  private static final Duration PROBE_DEADLINE = Duration.ofSeconds(30);

  @RegisterExtension static final Workspace.FailureWatcher watcher = new Workspace.FailureWatcher();
  private static final Path home = Workspace.newHome("SupervisorIT");
  private static final Path logs = Workspace.logs("SupervisorIT");
  private final Map<Service, Integer> ports = new EnumMap<>(Service.class);
  private final Map<Service, ManagedChannel> channels = new EnumMap<>(Service.class);
  private Process supervisor;

  @Test
  void aKilledServiceIsStartedAgainWhileTheOthersKeepServing() throws Exception {
    supervisor = startSupervisor();
    await("every service serving")
        .atMost(START_TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> List.of(Service.values()).stream().allMatch(this::announcedServing));
    ProcessHandle killed = serviceProcess(KILLED).orElseThrow();
    Map<Service, Long> othersBefore = pidsOfAllBut(KILLED);

    ConcurrentLinkedQueue<String> missed = new ConcurrentLinkedQueue<>();
    AtomicInteger answered = new AtomicInteger();
    ScheduledExecutorService probe = Executors.newSingleThreadScheduledExecutor();
    probe.scheduleWithFixedDelay(
        () -> {
          for (Service s : Service.values()) {
            if (s != KILLED) {
              Optional<String> problem = healthProblem(s, PROBE_DEADLINE);
              if (problem.isEmpty()) {
                answered.incrementAndGet();
              } else {
                missed.add(s.shortName() + ": " + problem.get());
              }
            }
          }
        },
        0,
        200,
        TimeUnit.MILLISECONDS);
    try {
      killed.destroyForcibly();
      killed.onExit().get(30, TimeUnit.SECONDS);
      await(KILLED.shortName() + " started again and serving")
          .atMost(START_TIMEOUT)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  serviceProcess(KILLED).filter(p -> p.pid() != killed.pid()).isPresent()
                      && serving(KILLED)
                      && console().contains(KILLED.shortName() + " serving again on"));
    } finally {
      probe.shutdown(); // lets a check under way finish: interrupting it would fail it
      probe.awaitTermination(1, TimeUnit.MINUTES);
    }

    assertThat(missed).as("health checks of the other services that failed").isEmpty();
    assertThat(answered.get()).as("health checks answered while one was down").isPositive();
    assertThat(pidsOfAllBut(KILLED)).as("the others, not restarted").isEqualTo(othersBefore);
    String restartLine = "adapter exited with code 137";
    assertThat(Files.readString(home.resolve("logs/adapter.log")))
        .contains("metarag supervisor: " + restartLine)
        .contains("adapter serving again on " + target(KILLED));
    assertThat(console()).contains("metarag: " + restartLine).contains("restart 1 in 1 s");

    List<ProcessHandle> running = supervisor.toHandle().children().toList();
    assertThat(running).hasSize(Service.values().length);
    supervisor.destroy(); // SIGTERM, as Ctrl-C or a service manager would stop it
    assertThat(supervisor.waitFor(2, TimeUnit.MINUTES)).as("supervisor exited").isTrue();
    assertThat(running).noneMatch(ProcessHandle::isAlive);
    assertThat(console()).contains("metarag: stopping the services");
  }

  @AfterEach
  void stopEverything() throws InterruptedException {
    channels.values().forEach(ManagedChannel::shutdownNow);
    if (supervisor != null && supervisor.isAlive()) {
      List<ProcessHandle> left = supervisor.toHandle().descendants().toList();
      supervisor.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      left.forEach(ProcessHandle::destroyForcibly);
    }
  }

  @AfterAll
  static void deleteData() {
    watcher.cleanUp(home); // after the watcher has heard of a failure: then the data is kept
  }

  private Process startSupervisor() throws IOException {
    Path module = Path.of("").toAbsolutePath();
    String classPath =
        module.resolve("target/classes")
            + ":"
            + Files.readString(module.resolve("target/classpath.txt")).strip();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (Runtime.version().feature() >= 23) { // as ./metarag: no sun.misc.Unsafe warnings
      cmd.add("--sun-misc-unsafe-memory-access=allow");
    }
    cmd.addAll(List.of("-cp", classPath, "dev.metarag.it.supervisor.SupervisorMain"));
    cmd.addAll(List.of("--repo", Workspace.repoRoot().toString(), "--home", home.toString()));
    for (Service s : Service.values()) {
      ports.put(s, ServiceProcess.freePort());
      cmd.addAll(List.of("--port", s.shortName() + "=" + ports.get(s)));
      channels.put(s, ManagedChannelBuilder.forTarget(target(s)).usePlaintext().build());
    }
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(logs.resolve("supervisor.out").toFile())
        .start();
  }

  /** Serving, and the supervisor has seen it serve (until then it counts as starting). */
  private boolean announcedServing(Service service) {
    return serving(service)
        && console().contains("metarag: " + service.shortName() + " serving on");
  }

  private String console() {
    try {
      return Files.readString(logs.resolve("supervisor.out"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The supervisor's child running the service's runner jar. */
  private Optional<ProcessHandle> serviceProcess(Service service) {
    String jar = service.module() + "/target/quarkus-app/quarkus-run.jar";
    return supervisor
        .toHandle()
        .children()
        .filter(p -> p.isAlive() && p.info().commandLine().orElse("").contains(jar))
        .findFirst();
  }

  private Map<Service, Long> pidsOfAllBut(Service excluded) {
    Map<Service, Long> pids = new EnumMap<>(Service.class);
    for (Service s : Service.values()) {
      if (s != excluded) {
        pids.put(s, serviceProcess(s).orElseThrow().pid());
      }
    }
    return pids;
  }

  private String target(Service service) {
    return "127.0.0.1:" + ports.get(service);
  }

  private boolean serving(Service service) {
    return healthProblem(service, Duration.ofSeconds(10)).isEmpty();
  }

  /** Empty when the service's gRPC health check answers SERVING within the deadline. */
  private Optional<String> healthProblem(Service service, Duration deadline) {
    ManagedChannel channel = channels.get(service);
    channel.resetConnectBackoff(); // try now: the service may just have come back
    try {
      ServingStatus status =
          HealthGrpc.newBlockingStub(channel)
              .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
              .check(HealthCheckRequest.getDefaultInstance())
              .getStatus();
      return status == ServingStatus.SERVING ? Optional.empty() : Optional.of(status.toString());
    } catch (StatusRuntimeException e) {
      return Optional.of(e.getStatus().getCode() + " " + e.getStatus().getDescription());
    }
  }
}
