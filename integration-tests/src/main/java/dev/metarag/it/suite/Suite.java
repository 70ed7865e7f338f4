package dev.metarag.it.suite;

import dev.metarag.testing.ServiceProcess;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Packaged services as child processes sharing one data directory ({@code metarag.home}), each on
 * its own loopback port, told the retriever's address and where the shared data and the worker are.
 * Ports are chosen once, so a service stopped, killed or restarted comes back where its clients and
 * the other services expect it, on the same data. One gRPC channel per service is kept across
 * restarts.
 *
 * <pre>{@code
 * try (Suite suite = Suite.builder(repoRoot, home).start()) {
 *   suite.kill(Service.RETRIEVER);
 *   suite.start(Service.RETRIEVER);
 * }
 * }</pre>
 */
public final class Suite implements AutoCloseable {
  private final Path repoRoot;
  private final Path home;
  private final Path dataRoot;
  private final Path logs;
  private final Optional<Path> sharedData;
  private final Set<Service> services;
  private final Map<Service, List<String>> extraProperties;
  private final Map<Service, List<String>> jvmOptions;
  private final Map<Service, Integer> ports = new EnumMap<>(Service.class);
  private final Map<Service, ServiceProcess> running =
      Collections.synchronizedMap(new EnumMap<>(Service.class));
  private final Map<Service, ManagedChannel> channels = new EnumMap<>(Service.class);

  private Suite(Builder b) {
    this.repoRoot = b.repoRoot.toAbsolutePath().normalize();
    this.home = b.home.toAbsolutePath().normalize();
    this.dataRoot = b.dataRoot == null ? home.resolve("data") : b.dataRoot;
    this.logs = b.logs == null ? home.resolve("logs") : b.logs.toAbsolutePath();
    this.sharedData = b.sharedData;
    this.services = EnumSet.copyOf(b.services);
    this.extraProperties = b.extraProperties;
    this.jvmOptions = b.jvmOptions;
    for (Service s : services) {
      Integer port = b.ports.get(s);
      ports.put(s, port != null ? port : ServiceProcess.freePort());
    }
    if (b.killOnExit) {
      // A test JVM that exits without closing the suite (an exception in set-up, a timeout) must
      // not leave services behind holding ports, memory and the data directory.
      Runtime.getRuntime().addShutdownHook(new Thread(this::killLeftovers, "suite-cleanup"));
    }
  }

  private void killLeftovers() {
    List<ServiceProcess> left;
    synchronized (running) {
      left = List.copyOf(running.values());
    }
    for (ServiceProcess p : left) {
      try {
        p.kill();
      } catch (InterruptedException | RuntimeException e) {
        // the JVM is exiting: nothing more to do
      }
    }
  }

  /**
   * A suite of the services in {@code repoRoot} (their runner jars must be built) on {@code home}.
   */
  public static Builder builder(Path repoRoot, Path home) {
    return new Builder(repoRoot, home);
  }

  /** The services of this suite. */
  public Set<Service> services() {
    return Collections.unmodifiableSet(services);
  }

  /** The shared data directory ({@code metarag.home}) of every service. */
  public Path home() {
    return home;
  }

  /**
   * Where the meta-trainer and the adapter read data set files given by path ({@code
   * metarag.data-root}): {@code <home>/data} unless the builder named another folder.
   */
  public Path dataRoot() {
    return dataRoot;
  }

  /** Where each service's log is ({@code <short name>.log}, appended to by every start). */
  public Path log(Service service) {
    return logs.resolve(service.shortName() + ".log");
  }

  /** host:port of a service, whether it runs now or not. */
  public String target(Service service) {
    requireMember(service);
    return "127.0.0.1:" + ports.get(service);
  }

  /** A channel to the service, kept across its restarts. Closed by {@link #close()}. */
  public synchronized ManagedChannel channel(Service service) {
    requireMember(service);
    return channels.computeIfAbsent(
        service, s -> ManagedChannelBuilder.forTarget(target(s)).usePlaintext().build());
  }

  public boolean isRunning(Service service) {
    ServiceProcess p = running.get(service);
    return p != null && p.isAlive();
  }

  /** The process id of a running service. */
  public long pid(Service service) {
    ServiceProcess p = running.get(service);
    if (p == null) {
      throw new IllegalStateException(service.shortName() + " is not running");
    }
    return p.pid();
  }

  /** Starts every service not running, in parallel, and waits until each serves gRPC health. */
  public void startAll() throws InterruptedException {
    List<Service> stopped = services.stream().filter(s -> !isRunning(s)).toList();
    try (ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, stopped.size()))) {
      List<Future<?>> starts = new ArrayList<>();
      for (Service s : stopped) {
        starts.add(
            pool.submit(
                () -> {
                  start(s);
                  return null;
                }));
      }
      for (Future<?> f : starts) {
        try {
          f.get();
        } catch (ExecutionException e) {
          throw new IllegalStateException("the suite did not start: " + e.getCause(), e);
        }
      }
    }
  }

  /** Starts one service on its port and data; returns once it serves. */
  public void start(Service service) throws InterruptedException {
    requireMember(service);
    if (isRunning(service)) {
      throw new IllegalStateException(service.shortName() + " is already running");
    }
    try {
      Files.createDirectories(logs);
      ServiceProcess p =
          ServiceProcess.start(
              repoRoot.resolve(service.module()),
              ports.get(service),
              jvmOptions.getOrDefault(service, List.of()),
              properties(service),
              log(service));
      running.put(service, p);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + service.shortName(), e);
    }
    ManagedChannel channel;
    synchronized (this) {
      channel = channels.get(service);
    }
    if (channel != null) {
      channel.resetConnectBackoff(); // reconnect now rather than after the channel's backoff
    }
  }

  /**
   * Waits until a running service exits by itself or is stopped, and returns its exit code; the
   * service then no longer counts as running.
   */
  public int awaitExit(Service service) throws InterruptedException {
    ServiceProcess p = running.get(service);
    if (p == null) {
      throw new IllegalStateException(service.shortName() + " is not running");
    }
    int exitCode = p.waitFor();
    running.remove(service, p);
    return exitCode;
  }

  /** Stops a service gracefully (SIGTERM) and waits until it has exited. */
  public void stop(Service service) throws InterruptedException {
    ServiceProcess p = running.remove(service);
    if (p != null) {
      p.close();
    }
  }

  /** Kills a service with SIGKILL, as a crash would, and waits until it has exited. */
  public void kill(Service service) throws InterruptedException {
    ServiceProcess p = running.remove(service);
    if (p == null) {
      throw new IllegalStateException(service.shortName() + " is not running");
    }
    p.kill();
  }

  /** Stops a service gracefully and starts it again on the same port and data. */
  public void restart(Service service) throws InterruptedException {
    stop(service);
    start(service);
  }

  /** Stops every service (the retriever, which the others call, last). */
  public void stopAll() throws InterruptedException {
    List<Service> order = new ArrayList<>(services);
    Collections.reverse(order);
    for (Service s : order) {
      stop(s);
    }
  }

  /** Stops every service, then starts them all again on the same ports and data. */
  public void restartAll() throws InterruptedException {
    stopAll();
    startAll();
  }

  private List<String> properties(Service service) {
    List<String> p = new ArrayList<>();
    p.add("metarag.home=" + home);
    sharedData.ifPresent(d -> p.add("metarag.shared.data=" + d));
    p.add("metarag.data-root=" + dataRoot);
    String retriever = target(Service.RETRIEVER);
    switch (service) {
      case RETRIEVER -> {}
      case GENERATOR -> p.add("metarag.generator.retriever=" + retriever);
      case META_TRAINER -> {
        p.add("metarag.trainer.retriever=" + retriever);
        p.add(
            "metarag.trainer.local.worker-home="
                + repoRoot.resolve("meta-trainer-worker/target/worker"));
      }
      case ADAPTER -> {
        p.add("metarag.adapter.retriever=" + retriever);
        p.add("ai.djl.offline=true");
      }
    }
    p.addAll(extraProperties.getOrDefault(service, List.of()));
    return p;
  }

  private void requireMember(Service service) {
    if (!services.contains(service)) {
      throw new IllegalArgumentException(service.shortName() + " is not part of this suite");
    }
  }

  /** Stops every service and closes the channels. */
  @Override
  public void close() throws InterruptedException {
    try {
      stopAll();
    } finally {
      synchronized (this) {
        for (ManagedChannel c : channels.values()) {
          c.shutdownNow();
        }
        for (ManagedChannel c : channels.values()) {
          c.awaitTermination(5, TimeUnit.SECONDS);
        }
      }
    }
  }

  /** What a suite runs and with which settings. */
  public static final class Builder {
    private final Path repoRoot;
    private final Path home;
    private Path logs;
    private Optional<Path> sharedData = Optional.empty();
    private Path dataRoot;
    private Set<Service> services = EnumSet.allOf(Service.class);
    private final Map<Service, List<String>> extraProperties = new EnumMap<>(Service.class);
    private final Map<Service, List<String>> jvmOptions = new EnumMap<>(Service.class);
    private final Map<Service, Integer> ports = new EnumMap<>(Service.class);
    private boolean killOnExit = true;

    private Builder(Path repoRoot, Path home) {
      this.repoRoot = repoRoot;
      this.home = home;
    }

    /** Only these services (the retriever is always one: the others call it). */
    public Builder services(Service first, Service... more) {
      services = EnumSet.of(first, more);
      services.add(Service.RETRIEVER);
      return this;
    }

    /** The folder of the named shared data sets, given to the meta-trainer and the adapter. */
    public Builder sharedData(Path folder) {
      sharedData = Optional.of(folder.toAbsolutePath().normalize());
      return this;
    }

    /**
     * The folder data set files given by path must lie in (besides the shared data); by default
     * {@code <home>/data}.
     */
    public Builder dataRoot(Path folder) {
      dataRoot = folder.toAbsolutePath().normalize();
      return this;
    }

    /** Where the logs go; by default {@code <home>/logs}. */
    public Builder logs(Path folder) {
      logs = folder;
      return this;
    }

    /** An extra system property of one service, as {@code key=value}. */
    public Builder property(Service service, String keyValue) {
      extraProperties.computeIfAbsent(service, s -> new ArrayList<>()).add(keyValue);
      return this;
    }

    /** A JVM option of one service, for example {@code -Xmx1g}. */
    public Builder jvmOption(Service service, String option) {
      jvmOptions.computeIfAbsent(service, s -> new ArrayList<>()).add(option);
      return this;
    }

    /** A fixed port for one service instead of a free one chosen at start. */
    public Builder port(Service service, int port) {
      ports.put(service, port);
      return this;
    }

    /**
     * No SIGKILL of the services when this JVM exits, for an owner that stops them gracefully
     * itself on exit (the kill would pre-empt that).
     */
    public Builder withoutKillOnExit() {
      killOnExit = false;
      return this;
    }

    /**
     * The suite with nothing started yet: start services with {@code start} or {@code startAll}.
     */
    public Suite build() {
      return new Suite(this);
    }

    /** Starts the services in parallel; if one fails, the others are stopped again. */
    public Suite start() throws InterruptedException {
      Suite suite = new Suite(this);
      try {
        suite.startAll();
      } catch (RuntimeException | InterruptedException e) {
        suite.close();
        throw e;
      }
      return suite;
    }
  }
}
