package dev.metarag.worker;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns SIGTERM (a cancelled job, a preempted pod, a drained node) into a clean stop: the shutdown
 * hook asks the training loop to stop and waits, up to a grace period, until the loop has finished
 * its meta-step and written a checkpoint. The next worker resumes there.
 */
final class StopSignal {
  /** Below Kubernetes' default termination grace period of 30 s. */
  static final long GRACE_SECONDS = 25;

  private volatile boolean requested;
  private final CountDownLatch stopped = new CountDownLatch(1);

  /** Installs the JVM shutdown hook. */
  void install() {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  request();
                  try {
                    stopped.await(GRACE_SECONDS, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "metarag-worker-stop"));
  }

  /** Asks the loop to stop after its current meta-step (what SIGTERM does). */
  void request() {
    requested = true;
  }

  boolean requested() {
    return requested;
  }

  /** The loop has saved what it had (or ended): the JVM may exit now. */
  void acknowledge() {
    stopped.countDown();
  }
}
