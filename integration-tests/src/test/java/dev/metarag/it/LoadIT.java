package dev.metarag.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metarag.it.load.ClosedLoopLoad;
import dev.metarag.it.load.ResidentMemory;
import dev.metarag.it.story.QaDomain;
import dev.metarag.it.story.Story;
import dev.metarag.it.story.StoryLog;
import dev.metarag.it.suite.Service;
import dev.metarag.it.suite.Suite;
import dev.metarag.proto.v1.AnswerRequest;
import dev.metarag.proto.v1.GeneratorGrpc;
import dev.metarag.proto.v1.QaExample;
import dev.metarag.proto.v1.RetrievalMode;
import dev.metarag.proto.v1.RetrieveRequest;
import dev.metarag.proto.v1.RetrieverGrpc;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sixteen concurrent clients, each on its own connection, call Retrieve, then Answer, for a minute
 * each ({@code -Dmetarag.load.seconds} changes it) against the retriever and the generator started
 * as processes with a 768 MiB heap committed at start, on the sample domain, after one call per
 * client (the first Answer loads the model) and a warm-up under the same load. Not one call may
 * fail, anonymous resident memory (heap, stacks, native allocations) must stop growing once warmed
 * up, and both services must still be healthy afterwards. The figures are printed.
 */
class LoadIT {
  @RegisterExtension static final Workspace.FailureWatcher watcher = new Workspace.FailureWatcher();
  private static final int CLIENTS = 16;
  private static final Duration PHASE =
      Duration.ofSeconds(Long.getLong("metarag.load.seconds", 60));
  // Load before measuring: the JIT, Lucene's caches and the heaps settle under the full call rate
  // (about 60 answers a second here keep the retriever growing for several seconds).
  private static final Duration WARMUP =
      Duration.ofSeconds(Long.getLong("metarag.load.warmup-seconds", 15));
  // The whole heap committed and touched at start: a heap that grows towards its cap under load is
  // bounded, not a leak, and must not read as growth of resident memory.
  private static final List<String> HEAP = List.of("-Xms768m", "-Xmx768m", "-XX:+AlwaysPreTouch");
  // Growth allowed from the first third of a run to its last: arenas and caches settling.
  private static final double GROWTH_FACTOR = 1.25;
  private static final double ABSOLUTE_LIMIT_MIB = 2048;
  private static final PrintStream OUT = System.out;

  private static Path home;
  private static Suite suite;
  private static QaDomain domain;

  @BeforeAll
  static void startAndIngest() throws Exception {
    home = Workspace.newHome("load");
    Suite.Builder builder =
        Suite.builder(Workspace.repoRoot(), home)
            .services(Service.RETRIEVER, Service.GENERATOR)
            .logs(Workspace.logs("load"));
    for (String option : HEAP) {
      builder.jvmOption(Service.RETRIEVER, option).jvmOption(Service.GENERATOR, option);
    }
    suite = builder.start();
    domain =
        QaDomain.fromSquad(
            "halvard",
            "Halvard Island, the sample domain",
            Workspace.repoRoot().resolve("examples/sample-domain/halvard.json"));
    Story story =
        new Story(
            suite.channel(Service.RETRIEVER),
            suite.channel(Service.GENERATOR),
            null,
            null,
            new StoryLog(OUT));
    story.ingest(domain);
  }

  @AfterAll
  static void stopTheSuite() throws Exception {
    if (suite != null) {
      suite.close();
    }
    watcher.cleanUp(home);
  }

  @Test
  void sixteenClientsRetrieveForAMinuteWithoutAnError() throws Exception {
    List<QaExample> questions = domain.examples();
    Phase phase =
        Phase.run(
            "Retrieve (HYBRID, top_k 5, query embedded by the service)",
            Service.RETRIEVER,
            channel -> {
              RetrieverGrpc.RetrieverBlockingStub stub = RetrieverGrpc.newBlockingStub(channel);
              return i ->
                  stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                      .retrieve(
                          RetrieveRequest.newBuilder()
                              .setCollection(domain.name())
                              .setQuery(questions.get(i % questions.size()).getQuestion())
                              .setMode(RetrievalMode.RETRIEVAL_MODE_HYBRID)
                              .setTopK(5)
                              .build());
            });

    phase.assertBoundedAndHealthy();
  }

  @Test
  void sixteenClientsAskForAMinuteWithoutAnError() throws Exception {
    List<QaExample> questions = domain.examples();
    Phase phase =
        Phase.run(
            "Answer (retrieve 5 passages, read them on ONNX Runtime, cite)",
            Service.GENERATOR,
            channel -> {
              GeneratorGrpc.GeneratorBlockingStub stub = GeneratorGrpc.newBlockingStub(channel);
              return i ->
                  stub.withDeadlineAfter(60, TimeUnit.SECONDS)
                      .answer(
                          AnswerRequest.newBuilder()
                              .setDomain(domain.name())
                              .setQuestion(questions.get(i % questions.size()).getQuestion())
                              .build());
            });

    phase.assertBoundedAndHealthy();
  }

  /** One minute of load on one service, with the memory of the retriever and the generator. */
  private record Phase(
      String name,
      Service target,
      ClosedLoopLoad.Result result,
      ResidentMemory retriever,
      ResidentMemory generator) {

    static Phase run(
        String name, Service target, Function<ManagedChannel, IntConsumer> callsOnAChannel)
        throws Exception {
      List<ManagedChannel> channels = new ArrayList<>();
      List<IntConsumer> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        ManagedChannel channel =
            ManagedChannelBuilder.forTarget(suite.target(target)).usePlaintext().build();
        channels.add(channel);
        clients.add(callsOnAChannel.apply(channel));
      }
      // One call per client first: the first Answer loads the domain's model.
      for (int c = 0; c < CLIENTS; c++) {
        clients.get(c).accept(c);
      }
      int[] next = new int[CLIENTS];
      ClosedLoopLoad.Result warmUp =
          ClosedLoopLoad.run(
              CLIENTS, WARMUP, client -> clients.get(client).accept(client * 7 + next[client]++));
      assertThat(warmUp.errors()).as("failed calls during the warm-up").isEmpty();
      try (ResidentMemory retriever = ResidentMemory.sample(suite.pid(Service.RETRIEVER));
          ResidentMemory generator = ResidentMemory.sample(suite.pid(Service.GENERATOR))) {
        ClosedLoopLoad.Result result =
            ClosedLoopLoad.run(
                CLIENTS, PHASE, client -> clients.get(client).accept(client * 7 + next[client]++));
        Phase phase = new Phase(name, target, result, retriever, generator);
        phase.print();
        return phase;
      } finally {
        for (ManagedChannel channel : channels) {
          channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
      }
    }

    void print() {
      OUT.println();
      OUT.printf(
          Locale.ROOT,
          "Load: %s, %d clients for %.0f s%n",
          name,
          result.clients(),
          result.seconds());
      OUT.println("| calls | errors | calls/s | p50 ms | p99 ms | max ms |");
      OUT.println("|---|---|---|---|---|---|");
      OUT.printf(
          Locale.ROOT,
          "| %d | %d %s | %.1f | %.1f | %.1f | %.1f |%n",
          result.calls(),
          result.errorCount(),
          result.errors().isEmpty() ? "" : result.errors().toString(),
          result.callsPerSecond(),
          result.percentileMillis(50),
          result.percentileMillis(99),
          result.percentileMillis(100));
      OUT.println("| anonymous resident MiB | first third peak | last third peak |");
      OUT.println("|---|---|---|");
      OUT.printf(
          Locale.ROOT,
          "| retriever | %.0f | %.0f |%n| generator | %.0f | %.0f |%n",
          retriever.peakMib(0, 1 / 3.0),
          retriever.peakMib(2 / 3.0, 1),
          generator.peakMib(0, 1 / 3.0),
          generator.peakMib(2 / 3.0, 1));
    }

    void assertBoundedAndHealthy() {
      assertThat(result.errors()).as("failed calls by status").isEmpty();
      assertThat(result.calls()).as("calls made").isGreaterThan(CLIENTS);
      for (ResidentMemory memory : List.of(retriever, generator)) {
        assertThat(memory.sampleCount()).isGreaterThan(10);
        double warm = memory.peakMib(0, 1 / 3.0);
        double end = memory.peakMib(2 / 3.0, 1);
        assertThat(end).as("resident MiB at the end vs warmed up").isLessThan(warm * GROWTH_FACTOR);
        assertThat(end).as("resident MiB").isLessThan(ABSOLUTE_LIMIT_MIB);
      }
      for (Service s : List.of(Service.RETRIEVER, Service.GENERATOR)) {
        assertThat(
                HealthGrpc.newBlockingStub(suite.channel(s))
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance())
                    .getStatus())
            .as(s.shortName() + " health after the load")
            .isEqualTo(ServingStatus.SERVING);
      }
    }
  }
}
