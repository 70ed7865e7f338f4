package dev.metarag.generator.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.metarag.generator.GeneratorServices;
import dev.metarag.generator.support.FixtureDocuments;
import dev.metarag.generator.support.GeneratorClient;
import dev.metarag.generator.support.TestModels;
import dev.metarag.proto.v1.AnswerRequest;
import dev.metarag.proto.v1.AnswerResponse;
import dev.metarag.proto.v1.GetServingModelRequest;
import dev.metarag.proto.v1.ModelKind;
import dev.metarag.proto.v1.ServingModel;
import dev.metarag.proto.v1.SetQueryEncoderRequest;
import dev.metarag.registry.SwapHook;
import dev.metarag.registry.VersionRegistry;
import dev.metarag.testing.grpc.RetrieverWithFixtures;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which model answers: pinned versions, the active version after a promotion and after a rollback
 * (written to the registry as the adapter writes them), swaps under concurrent load without a
 * failed request, and open sessions and resident memory over 50 swaps.
 */
@QuarkusTest
@QuarkusTestResource(
    value = RetrieverWithFixtures.class,
    initArgs = @ResourceArg(name = "property", value = "metarag.generator.retriever"))
class ModelSwapTest {
  private static final Duration SWAP_WAIT = Duration.ofSeconds(60);

  @Inject GeneratorServices services;

  /** Two garden versions shared by the tests that swap between them (writing one takes seconds). */
  private static List<String> gardenPair;

  private GeneratorClient client;
  private VersionRegistry registry;

  private List<String> gardenPair() {
    if (gardenPair == null) {
      gardenPair =
          List.of(
              TestModels.adapted(registry, "garden", 41),
              TestModels.adapted(registry, "garden", 42));
    }
    return gardenPair;
  }

  @BeforeEach
  void connect() {
    client = new GeneratorClient();
    registry = TestModels.registry();
  }

  /** Puts every domain back on the default model, so other test classes see "base". */
  @AfterEach
  void backToDefault() {
    for (String domain : RetrieverWithFixtures.DOMAINS) {
      while (registry.activeVersion(domain).isPresent()) {
        registry.rollback(domain, SwapHook.NONE);
      }
      // Once, not per rollback: each change of the retriever's encoder loads a session there.
      client.retriever.setQueryEncoder(
          SetQueryEncoderRequest.newBuilder().setCollection(domain).build());
      awaitServing(domain, "base");
    }
    client.close();
  }

  private ServingModel serving(String domain) {
    return client
        .blocking
        .getServingModel(GetServingModelRequest.newBuilder().setDomain(domain).build())
        .getModel();
  }

  private void awaitServing(String domain, String version) {
    await()
        .atMost(SWAP_WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> serving(domain).getVersion().equals(version));
  }

  private AnswerResponse answer(String domain, String question) {
    return client.blocking.answer(
        AnswerRequest.newBuilder()
            .setDomain(domain)
            .setQuestion(question)
            .setTopK(2)
            .setMinConfidence(0)
            .build());
  }

  @Test
  void aPinnedVersionAnswersWithItsOwnEncoderAndReader() {
    String version = TestModels.adapted(registry, "gadgets", 21);
    String question = FixtureDocuments.questions("gadgets").get(2);
    int sessionsBefore = services.sessions().open();
    AnswerResponse pinned =
        client.blocking.answer(
            AnswerRequest.newBuilder()
                .setDomain("gadgets")
                .setQuestion(question)
                .setModelVersion(version)
                .setMinConfidence(0)
                .build());
    assertThat(pinned.getModel().getVersion()).isEqualTo(version);
    assertThat(pinned.getModel().getKind()).isEqualTo(ModelKind.MODEL_KIND_ADAPTED);
    assertThat(pinned.getModel().getPinned()).isTrue();
    assertThat(pinned.getModel().getIsBase()).isFalse();
    assertThat(pinned.getModel().getServingSinceMillis()).isZero();
    // The retriever embeds with the document encoder, not this version's: the generator did, so
    // the version's query encoder opened beside its reader.
    assertThat(pinned.getModel().getQueryEncoder().getVersion()).isNotEqualTo(version);
    assertThat(services.sessions().open()).isEqualTo(sessionsBefore + 2);
    assertThat(pinned.getTimings().getEmbedMillis()).isPositive();
    assertThat(pinned.getCitations(0).getConfidence()).isEqualTo(pinned.getConfidence());
    assertThat(services.pinned().versions()).contains(version);

    AnswerResponse base =
        client.blocking.answer(
            AnswerRequest.newBuilder()
                .setDomain("gadgets")
                .setQuestion(question)
                .setModelVersion("base")
                .setMinConfidence(0)
                .build());
    assertThat(base.getModel().getVersion()).isEqualTo("base");
    assertThat(base.getModel().getPinned()).isTrue();
    // Other heads read differently; the same encoder retrieves the same passages.
    assertThat(base.getPassagesList()).isEqualTo(pinned.getPassagesList());
    // Pinning does not change what the domain serves.
    assertThat(serving("gadgets").getVersion()).isEqualTo("base");
  }

  @Test
  void promotionAndRollbackChangeTheServedVersion() {
    String question = FixtureDocuments.questions("kitchen").get(0);
    assertThat(answer("kitchen", question).getModel().getVersion()).isEqualTo("base");
    String first = TestModels.adapted(registry, "kitchen", 31);
    String second = TestModels.adapted(registry, "kitchen", 32);
    SwapHook retrieverFollows = TestModels.retrieverFollows(client.retriever, "kitchen");

    registry.promote("kitchen", first, retrieverFollows);
    awaitServing("kitchen", first);
    AnswerResponse r = answer("kitchen", question);
    assertThat(r.getModel().getVersion()).isEqualTo(first);
    assertThat(r.getModel().getKind()).isEqualTo(ModelKind.MODEL_KIND_ADAPTED);
    assertThat(r.getModel().getIsBase()).isFalse();
    assertThat(r.getModel().getQueryEncoder().getVersion()).isEqualTo(first);

    registry.promote("kitchen", second, retrieverFollows);
    awaitServing("kitchen", second);
    ServingModel now = serving("kitchen");
    assertThat(now.getQueryEncoder().getVersion()).isEqualTo(second);
    assertThat(now.getServingSinceMillis()).isGreaterThan(r.getModel().getServingSinceMillis());
    assertThat(answer("kitchen", question).getModel().getVersion()).isEqualTo(second);

    registry.rollback("kitchen", retrieverFollows);
    awaitServing("kitchen", first);
    assertThat(answer("kitchen", question).getModel().getVersion()).isEqualTo(first);
    registry.rollback("kitchen", retrieverFollows);
    awaitServing("kitchen", "base");
    AnswerResponse back = answer("kitchen", question);
    assertThat(back.getModel().getIsBase()).isTrue();
    assertThat(back.getModel().getKind()).isEqualTo(ModelKind.MODEL_KIND_BASE);
    // Nothing holds the kitchen versions any more: their sessions are closed.
    await()
        .atMost(SWAP_WAIT)
        .until(
            () ->
                !services.loaded().versions().contains(first)
                    && !services.loaded().versions().contains(second));
  }

  @Test
  void swapsUnderConcurrentLoadFailNoRequest() throws Exception {
    List<String> questions = FixtureDocuments.questions("garden");
    assertThat(answer("garden", questions.get(0)).getModel().getVersion()).isEqualTo("base");
    String first = gardenPair().get(0);
    String second = gardenPair().get(1);

    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger answered = new AtomicInteger();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    Set<String> versionsSeen = ConcurrentHashMap.newKeySet();
    ExecutorService callers = Executors.newFixedThreadPool(3);
    for (int c = 0; c < 3; c++) {
      int caller = c;
      callers.submit(
          () -> {
            for (int i = caller; running.get(); i++) {
              try {
                AnswerResponse r = answer("garden", questions.get(i % questions.size()));
                versionsSeen.add(r.getModel().getVersion());
                answered.incrementAndGet();
              } catch (Throwable t) {
                failures.add(t);
              }
            }
          });
    }
    try {
      for (String version : List.of(first, second, first)) {
        registry.promote("garden", version, SwapHook.NONE);
        awaitServing("garden", version);
        int before = answered.get();
        await().atMost(SWAP_WAIT).until(() -> answered.get() >= before + 3);
      }
      registry.rollback("garden", SwapHook.NONE);
      awaitServing("garden", second);
    } finally {
      running.set(false);
      callers.shutdown();
      assertThat(callers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(failures).isEmpty();
    assertThat(versionsSeen).contains("base", first, second);
  }

  /**
   * Bound: after 50 swaps between two versions the process holds exactly the sessions of what is
   * served (the count of open ONNX Runtime sessions is back where it was and no swapped-out version
   * stays loaded), and its resident memory grew by less than 400 MB over the last 30 swaps (from
   * swap 20, once the allocators have settled, to swap 50): each version's reader alone is about
   * 100 MB, so keeping even four of those 30 versions would break it.
   */
  @Test
  void fiftySwapsLeaveNoSessionBehind() throws Exception {
    String question = FixtureDocuments.questions("garden").get(3);
    String first = gardenPair().get(0);
    String second = gardenPair().get(1);
    registry.promote("garden", second, SwapHook.NONE);
    answer("garden", question);
    awaitServing("garden", second);
    answer("garden", question);
    int sessionsBefore = services.sessions().open();

    long residentAtSwap20 = 0;
    for (int swap = 1; swap <= 50; swap++) {
      String next = swap % 2 == 1 ? first : second;
      registry.promote("garden", next, SwapHook.NONE);
      awaitServing("garden", next);
      if (swap % 10 == 0) {
        // Each version's query encoder opens too (the retriever does not embed with it).
        assertThat(answer("garden", question).getModel().getVersion()).isEqualTo(next);
      }
      if (swap == 20) {
        residentAtSwap20 = residentAfterGc();
      }
    }
    await().atMost(SWAP_WAIT).until(() -> !services.loaded().versions().contains(first));
    long growth = residentAfterGc() - residentAtSwap20;
    System.out.printf(
        "50 swaps: resident memory %+d MB from swap 20 to 50, open ONNX sessions %d before and %d"
            + " after%n",
        growth >> 20, sessionsBefore, services.sessions().open());
    assertThat(services.loaded().versions()).contains(second).doesNotContain(first);
    assertThat(services.sessions().open()).isEqualTo(sessionsBefore);
    assertThat(growth).as("resident memory growth from swap 20 to 50").isLessThan(400L << 20);
  }

  private static long residentAfterGc() throws IOException {
    System.gc();
    return residentBytes();
  }

  private static long residentBytes() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }
}
