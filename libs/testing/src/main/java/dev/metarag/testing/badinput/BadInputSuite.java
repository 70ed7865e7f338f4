package dev.metarag.testing.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import dev.metarag.security.limits.BoundedStatusMessages;
import dev.metarag.testing.rpc.RpcInvoker;
import dev.metarag.testing.rpc.StreamEnd;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Bad input over every RPC of one service. Each RPC gets generic cases derived from a good request
 * ({@link RequestMutations}) and hand-written ones (wrong names, streams that are empty or end
 * early); one dynamic test per RPC runs them, then checks the service still serves. A case fails
 * when the call ends INTERNAL, UNKNOWN or DEADLINE_EXCEEDED, with an error that has no message, or
 * with a message so long the services' net had to cut it (it quotes unbounded input); any other
 * status (the caller's fault named, or success for input that is odd but allowed) passes: the
 * services' own error tests assert the specific statuses. Cases made with {@link #refused} or
 * {@link #pathCases} must also end with the status they name, mentioning what they say and never
 * quoting what they forbid.
 */
public final class BadInputSuite {
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final Set<Status.Code> BUGS =
      Set.of(Status.Code.INTERNAL, Status.Code.UNKNOWN, Status.Code.DEADLINE_EXCEEDED);

  /**
   * One call: the messages sent, how the client ends the call, and, for a request that must be
   * refused in a particular way, how.
   */
  public record Case(
      String description,
      List<? extends Message> requests,
      StreamEnd end,
      Optional<Refusal> refusal) {
    public Case(String description, List<? extends Message> requests, StreamEnd end) {
      this(description, requests, end, Optional.empty());
    }
  }

  /**
   * How a call must fail: with {@code code}, a message that mentions {@code mentions} (for example
   * the setting to change) and never contains {@code neverQuotes} (for example a file's content).
   */
  public record Refusal(Status.Code code, String mentions, String neverQuotes) {}

  private final ServiceDescriptor service;
  private final Map<String, List<Case>> cases = new LinkedHashMap<>();

  private BadInputSuite(ServiceDescriptor service) {
    this.service = service;
  }

  /** A suite for the service of this descriptor ({@code XxxGrpc.getServiceDescriptor()}). */
  public static BadInputSuite of(ServiceDescriptor service) {
    return new BadInputSuite(service);
  }

  /**
   * The mutations of a good request of {@code method} (its bare name, as in the .proto file), each
   * sent as the only message of a call.
   */
  public BadInputSuite mutations(String method, Message good, String... skippedPaths) {
    for (RequestMutations.Mutation m : RequestMutations.of(good, Set.of(skippedPaths))) {
      add(method, new Case(m.description(), List.of(m.request()), StreamEnd.HALF_CLOSE));
    }
    return this;
  }

  /** One hand-written request. */
  public BadInputSuite request(String method, String description, Message request) {
    return add(method, new Case(description, List.of(request), StreamEnd.HALF_CLOSE));
  }

  /** One hand-written request that must be refused as {@code refusal} says. */
  public BadInputSuite refused(
      String method, String description, Message request, Refusal refusal) {
    return add(
        method,
        new Case(description, List.of(request), StreamEnd.HALF_CLOSE, Optional.of(refusal)));
  }

  /**
   * The cases of a field that takes a path, from {@code probes}: the secret outside the roots, the
   * same climbing with "..", and through a link out of a root are INVALID_ARGUMENT naming {@code
   * setting}; a file inside a root that holds the secret's text is INVALID_ARGUMENT too (it is no
   * valid input); no message quotes the secret.
   *
   * @param withPath the good request with the path field set to the given path
   */
  public BadInputSuite pathCases(
      String method,
      String field,
      PathProbes probes,
      Function<String, ? extends Message> withPath,
      String setting) {
    Refusal outside = new Refusal(Status.Code.INVALID_ARGUMENT, setting, PathProbes.MARKER);
    Refusal climbing = new Refusal(Status.Code.INVALID_ARGUMENT, "'..'", PathProbes.MARKER);
    Refusal unreadable = new Refusal(Status.Code.INVALID_ARGUMENT, "", PathProbes.MARKER);
    return refused(method, field + " outside the roots", withPath.apply(probes.outside()), outside)
        .refused(method, field + " /etc/passwd", withPath.apply("/etc/passwd"), outside)
        .refused(method, field + " climbing with '..'", withPath.apply(probes.climbing()), climbing)
        .refused(method, field + " linked out of a root", withPath.apply(probes.linkOut()), outside)
        .refused(
            method,
            field + " inside a root, holding a secret",
            withPath.apply(probes.insideWithSecret()),
            unreadable);
  }

  /** A hand-written call of any number of messages, ended as {@code end} says. */
  public BadInputSuite call(
      String method, String description, StreamEnd end, List<? extends Message> messages) {
    return add(method, new Case(description, messages, end));
  }

  private BadInputSuite add(String method, Case c) {
    method(method);
    cases.computeIfAbsent(method, k -> new ArrayList<>()).add(c);
    return this;
  }

  /** RPCs of the service without a case: a new RPC fails the suite until it has some. */
  public List<String> rpcsWithoutCases() {
    return service.getMethods().stream()
        .map(MethodDescriptor::getBareMethodName)
        .filter(name -> !cases.containsKey(name))
        .sorted()
        .toList();
  }

  /**
   * One test per RPC: runs its cases through {@code channel}, then {@code stillServing} (health, a
   * normal call, nothing stored lost).
   */
  public Stream<DynamicTest> tests(Channel channel, Runnable stillServing) {
    return cases.entrySet().stream()
        .map(
            e ->
                DynamicTest.dynamicTest(
                    e.getKey() + " (" + e.getValue().size() + " cases)",
                    () -> {
                      run(channel, method(e.getKey()), e.getValue());
                      stillServing.run();
                    }));
  }

  private void run(Channel channel, MethodDescriptor<?, ?> method, List<Case> calls) {
    long started = System.nanoTime();
    Map<Status.Code, Integer> seen = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    String slowest = "";
    long slowestNanos = 0;
    for (Case c : calls) {
      long callStarted = System.nanoTime();
      Status status = RpcInvoker.call(channel, method, c.requests(), c.end(), DEADLINE);
      long took = System.nanoTime() - callStarted;
      if (took > slowestNanos) {
        slowestNanos = took;
        slowest = c.description();
      }
      seen.merge(status.getCode(), 1, Integer::sum);
      boolean clientCancelled = c.end() != StreamEnd.HALF_CLOSE;
      // The transport refuses a message above quarkus.grpc.server.max-inbound-message-size from
      // its length prefix with a bare RESOURCE_EXHAUSTED, before any service code or interceptor
      // runs (the Vert.x gRPC server sends no grpc-message): the one error allowed no message.
      boolean transportSizeLimit = status.getCode() == Status.Code.RESOURCE_EXHAUSTED;
      boolean noMessage =
          !status.isOk()
              && !clientCancelled
              && !transportSizeLimit
              && (status.getDescription() == null || status.getDescription().isBlank());
      boolean quotesTooMuch =
          status.getDescription() != null
              && status.getDescription().contains(BoundedStatusMessages.CUT_MARK);
      boolean notAsRefused = c.refusal().map(r -> !refusedAs(status, r)).orElse(false);
      if (BUGS.contains(status.getCode()) || noMessage || quotesTooMuch || notAsRefused) {
        failures.add(
            c.description()
                + " -> "
                + status.getCode()
                + ": "
                + cut(status.getDescription())
                + c.refusal().map(r -> " (expected " + r + ")").orElse(""));
      }
    }
    System.out.printf(
        "bad input %s: %d cases in %d ms: %s; slowest %d ms: %s%n",
        method.getFullMethodName(),
        calls.size(),
        (System.nanoTime() - started) / 1_000_000,
        seen,
        slowestNanos / 1_000_000,
        slowest);
    assertThat(failures)
        .as("cases of " + method.getFullMethodName() + " that ended as a bug or without a message")
        .isEmpty();
  }

  static boolean refusedAs(Status status, Refusal refusal) {
    String message = status.getDescription() == null ? "" : status.getDescription();
    return status.getCode() == refusal.code()
        && message.contains(refusal.mentions())
        && !message.contains(refusal.neverQuotes());
  }

  private MethodDescriptor<?, ?> method(String bareName) {
    return service.getMethods().stream()
        .filter(m -> m.getBareMethodName().equals(bareName))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException(service.getName() + " has no RPC " + bareName));
  }

  private static String cut(String text) {
    if (text == null) {
      return "(no message)";
    }
    return text.length() > 160 ? text.substring(0, 160) + "..." : text;
  }
}
