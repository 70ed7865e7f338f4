package dev.metarag.it.supervisor;

import java.time.Duration;
import java.util.Optional;

/**
 * Decides, after each failure of one service, how long to wait before starting it again, or that it
 * is given up: the wait doubles with every quick failure in a row (one that served for less than
 * {@code quickUptime}, or never served), and a service that fails quickly {@code maxQuickFailures}
 * times in a row is given up. A failure after a longer run starts the count again and waits {@code
 * firstDelay}.
 */
final class RestartBackoff {
  private final int maxQuickFailures;
  private final Duration quickUptime;
  private final Duration firstDelay;
  private final Duration maxDelay;
  private int quickFailuresInARow;

  RestartBackoff(
      int maxQuickFailures, Duration quickUptime, Duration firstDelay, Duration maxDelay) {
    if (maxQuickFailures < 1) {
      throw new IllegalArgumentException("maxQuickFailures must be at least 1");
    }
    this.maxQuickFailures = maxQuickFailures;
    this.quickUptime = quickUptime;
    this.firstDelay = firstDelay;
    this.maxDelay = maxDelay;
  }

  /** Five quick failures (under a minute of serving) in a row; waits of 1, 2, 4, 8 s. */
  static RestartBackoff standard() {
    return new RestartBackoff(
        5, Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofSeconds(30));
  }

  /**
   * After a failure of a service that served for {@code served} ({@link Duration#ZERO} if it never
   * served): the wait before its next start, or empty when it is given up.
   */
  Optional<Duration> afterFailure(Duration served) {
    quickFailuresInARow = served.compareTo(quickUptime) < 0 ? quickFailuresInARow + 1 : 0;
    if (quickFailuresInARow >= maxQuickFailures) {
      return Optional.empty();
    }
    int doublings = Math.min(Math.max(quickFailuresInARow - 1, 0), 30);
    Duration delay = firstDelay.multipliedBy(1L << doublings);
    return Optional.of(delay.compareTo(maxDelay) > 0 ? maxDelay : delay);
  }

  /** The quick failures in a row so far. */
  int quickFailuresInARow() {
    return quickFailuresInARow;
  }
}
