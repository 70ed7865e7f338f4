package dev.metarag.adapter.adaptation;

import static dev.metarag.testing.grpc.StatusAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.metarag.proto.v1.AdaptResponse;
import dev.metarag.proto.v1.ExampleSource;
import dev.metarag.proto.v1.ModelVersion;
import dev.metarag.proto.v1.PromotePolicy;
import dev.metarag.registry.RegisteredVersion;
import dev.metarag.registry.VersionKind;
import io.grpc.Status;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The queue's admission rules, with adaptations that run until the test releases them: one per
 * domain, a bounded number waiting, places and in-use marks given back when each ends.
 */
class AdaptationQueueTest {
  /** Adaptations that start, then wait for their domain's gate. */
  private static final class GatedWork implements AdaptationWork {
    final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();
    final CountDownLatch firstStarted = new CountDownLatch(1);
    final AtomicInteger afterRuns = new AtomicInteger();
    final CountDownLatch resolving = new CountDownLatch(1);
    volatile CountDownLatch resolveGate = new CountDownLatch(0);

    @Override
    public RegisteredVersion resolveBase(AdaptPlan plan) {
      resolving.countDown();
      try {
        resolveGate.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new RegisteredVersion(
          "theta0-1", "", VersionKind.THETA0, "base", 1, null, Map.of(), 0, null, false, 0);
    }

    @Override
    public AdaptResponse run(AdaptPlan plan, RegisteredVersion base, ProgressSink sink) {
      firstStarted.countDown();
      if (plan.domain().equals("broken")) {
        throw new IllegalStateException("the adaptation failed");
      }
      try {
        gates
            .computeIfAbsent(plan.domain(), d -> new CountDownLatch(1))
            .await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return AdaptResponse.newBuilder()
          .setVersion(ModelVersion.newBuilder().setDomain(plan.domain()))
          .build();
    }

    @Override
    public void afterRun() {
      afterRuns.incrementAndGet();
    }

    void release(String domain) {
      gates.computeIfAbsent(domain, d -> new CountDownLatch(1)).countDown();
    }
  }

  private final GatedWork work = new GatedWork();
  private final AdaptationQueue queue = new AdaptationQueue(work, 1);

  @AfterEach
  void close() {
    queue.close();
  }

  private static AdaptPlan plan(String domain) {
    return new AdaptPlan(
        domain,
        Optional.empty(),
        ExampleSource.getDefaultInstance(),
        1,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        PromotePolicy.PROMOTE_POLICY_NEVER,
        0,
        5,
        1,
        "",
        false,
        false);
  }

  @Test
  void aSecondAdaptationOfABusyDomainIsAFailedPrecondition() throws Exception {
    CompletableFuture<AdaptResponse> first = queue.submit(plan("law"), ProgressSink.NONE);
    assertThat(work.firstStarted.await(10, TimeUnit.SECONDS)).isTrue();

    assertStatus(
        () -> queue.submit(plan("law"), ProgressSink.NONE),
        Status.Code.FAILED_PRECONDITION,
        "an adaptation of domain 'law' is already running or queued");

    work.release("law");
    assertThat(first.get(10, TimeUnit.SECONDS).getVersion().getDomain()).isEqualTo("law");
  }

  @Test
  void beyondTheQueuedLimitCallsAreRefusedUntilAPlaceFreesUp() throws Exception {
    CompletableFuture<AdaptResponse> running = queue.submit(plan("law"), ProgressSink.NONE);
    assertThat(work.firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<AdaptResponse> waiting = queue.submit(plan("medicine"), ProgressSink.NONE);

    assertStatus(
        () -> queue.submit(plan("finance"), ProgressSink.NONE),
        Status.Code.RESOURCE_EXHAUSTED,
        "too many adaptations are waiting");

    work.release("law");
    running.get(10, TimeUnit.SECONDS);
    CompletableFuture<AdaptResponse> third = queue.submit(plan("finance"), ProgressSink.NONE);
    work.release("medicine");
    work.release("finance");
    assertThat(waiting.get(10, TimeUnit.SECONDS).getVersion().getDomain()).isEqualTo("medicine");
    assertThat(third.get(10, TimeUnit.SECONDS).getVersion().getDomain()).isEqualTo("finance");
  }

  @Test
  void theBaseIsInUseExactlyWhileAnAdaptationFromItIsQueuedOrRunning() throws Exception {
    assertThat(queue.inUse("theta0-1")).isFalse();
    CompletableFuture<AdaptResponse> a = queue.submit(plan("law"), ProgressSink.NONE);
    CompletableFuture<AdaptResponse> b = queue.submit(plan("medicine"), ProgressSink.NONE);
    assertThat(queue.inUse("theta0-1")).isTrue();

    work.release("law");
    a.get(10, TimeUnit.SECONDS);
    assertThat(queue.inUse("theta0-1")).isTrue();
    work.release("medicine");
    b.get(10, TimeUnit.SECONDS);
    assertThat(queue.inUse("theta0-1")).isFalse();
  }

  @Test
  void housekeepingRunsAfterEveryAdaptationWhetherItSucceedsOrFails() throws Exception {
    CompletableFuture<AdaptResponse> failed = queue.submit(plan("broken"), ProgressSink.NONE);
    assertThat(failed).failsWithin(10, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10)).until(() -> work.afterRuns.get() == 1);

    CompletableFuture<AdaptResponse> done = queue.submit(plan("law"), ProgressSink.NONE);
    work.release("law");
    done.get(10, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10)).until(() -> work.afterRuns.get() == 2);
  }

  @Test
  void aDeletionWaitsForAnAdaptationThatHasResolvedButNotYetMarkedItsBase() throws Exception {
    work.resolveGate = new CountDownLatch(1);
    CompletableFuture<CompletableFuture<AdaptResponse>> submitting =
        CompletableFuture.supplyAsync(() -> queue.submit(plan("law"), ProgressSink.NONE));
    assertThat(work.resolving.await(10, TimeUnit.SECONDS)).isTrue();

    AtomicReference<Boolean> seenInUse = new AtomicReference<>();
    Thread deletion =
        new Thread(() -> seenInUse.set(queue.deleteUnlessInUse(inUse -> inUse.test("theta0-1"))));
    deletion.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> deletion.getState() == Thread.State.BLOCKED);
    work.resolveGate.countDown();
    deletion.join(10_000);

    assertThat(seenInUse.get()).isTrue();
    work.release("law");
    submitting.get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
  }
}
