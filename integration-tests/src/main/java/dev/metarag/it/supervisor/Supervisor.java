package dev.metarag.it.supervisor;

import dev.metarag.it.suite.Service;
import dev.metarag.it.suite.Suite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * Keeps every service of a suite running: one thread per service starts it, waits for it to exit
 * and starts it again after the wait its {@link RestartBackoff} decides, or gives it up; the other
 * services are not touched meanwhile. {@link #stop()} ends the supervision and stops every service
 * gracefully.
 */
final class Supervisor {
  private final Suite suite;
  private final Supplier<RestartBackoff> backoffs;
  private final Announcer announcer;
  private final List<Thread> threads = new ArrayList<>();
  private final CountDownLatch givenUp;
  private volatile boolean stopping;

  /** {@code backoffs} gives each service its own backoff. */
  Supervisor(Suite suite, Supplier<RestartBackoff> backoffs, Announcer announcer) {
    this.suite = suite;
    this.backoffs = backoffs;
    this.announcer = announcer;
    this.givenUp = new CountDownLatch(suite.services().size());
  }

  /** Starts every service, each in its own thread, and returns at once. */
  synchronized void start() {
    if (stopping) {
      return;
    }
    for (Service service : suite.services()) {
      Thread t = new Thread(() -> supervise(service), "supervise-" + service.shortName());
      threads.add(t);
      t.start();
    }
  }

  /** Waits until every service has been given up; while the supervision goes on, for ever. */
  void awaitAllGivenUp() throws InterruptedException {
    givenUp.await();
  }

  /**
   * Ends the supervision: no service is started again, those starting are killed, those running
   * stopped gracefully (SIGTERM, the retriever last). Returns once all have exited.
   */
  void stop() throws InterruptedException {
    List<Thread> toJoin;
    synchronized (this) {
      stopping = true;
      toJoin = List.copyOf(threads);
    }
    toJoin.forEach(Thread::interrupt); // ends waits and kills a service still starting
    suite.close();
    for (Thread t : toJoin) {
      t.join();
    }
  }

  private void supervise(Service service) {
    String name = service.shortName();
    RestartBackoff backoff = backoffs.get();
    int restarts = 0;
    while (!stopping) {
      Duration served = Duration.ZERO;
      String failure;
      try {
        suite.start(service);
        if (stopping) { // started after stop() stopped the others
          suite.stop(service);
          return;
        }
        long servingSince = System.nanoTime();
        announcer.say(
            service,
            "%s serving%s on %s (pid %d)"
                .formatted(
                    name,
                    restarts == 0 ? "" : " again",
                    suite.target(service),
                    suite.pid(service)));
        int exitCode = suite.awaitExit(service);
        if (stopping) {
          return;
        }
        served = Duration.ofNanos(System.nanoTime() - servingSince);
        failure = "exited with code %d after %d s".formatted(exitCode, served.toSeconds());
      } catch (InterruptedException e) {
        return; // stop() interrupts: it stops the services itself
      } catch (RuntimeException e) {
        if (stopping) {
          return;
        }
        failure = "did not start (" + e.getMessage() + ")";
      }
      Optional<Duration> delay = backoff.afterFailure(served);
      if (delay.isEmpty()) {
        announcer.say(
            service,
            ("%s %s; giving up on %s after %d quick failures in a row, the other services keep"
                    + " running; see %s")
                .formatted(name, failure, name, backoff.quickFailuresInARow(), suite.log(service)));
        givenUp.countDown();
        return;
      }
      restarts++;
      announcer.say(
          service,
          "%s %s; restart %d in %d s".formatted(name, failure, restarts, delay.get().toSeconds()));
      try {
        Thread.sleep(delay.get()); // the backoff itself: waiting is the point
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
