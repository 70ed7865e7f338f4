package dev.metarag.it.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When a failed service is started again, and when it is given up. */
class RestartBackoffTest {
  private static final Duration QUICK = Duration.ofSeconds(5);
  private static final Duration LONG = Duration.ofMinutes(10);

  @Test
  void quickFailuresInARowDoubleTheWaitAndTheFifthGivesUp() {
    RestartBackoff backoff = RestartBackoff.standard();

    assertThat(backoff.afterFailure(QUICK)).contains(Duration.ofSeconds(1));
    assertThat(backoff.afterFailure(Duration.ZERO)).contains(Duration.ofSeconds(2));
    assertThat(backoff.afterFailure(QUICK)).contains(Duration.ofSeconds(4));
    assertThat(backoff.afterFailure(QUICK)).contains(Duration.ofSeconds(8));
    assertThat(backoff.afterFailure(QUICK)).isEmpty();
    assertThat(backoff.quickFailuresInARow()).isEqualTo(5);
  }

  @Test
  void aFailureAfterALongRunStartsTheCountAgain() {
    RestartBackoff backoff = RestartBackoff.standard();
    for (int i = 0; i < 4; i++) {
      backoff.afterFailure(QUICK);
    }

    assertThat(backoff.afterFailure(LONG)).contains(Duration.ofSeconds(1));
    assertThat(backoff.quickFailuresInARow()).isZero();
    for (int i = 0; i < 4; i++) {
      assertThat(backoff.afterFailure(QUICK)).isPresent();
    }
    assertThat(backoff.afterFailure(QUICK)).isEmpty();
  }

  @Test
  void theWaitStopsGrowingAtItsMaximum() {
    RestartBackoff backoff =
        new RestartBackoff(
            100, Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofSeconds(30));
    Optional<Duration> last = Optional.empty();
    for (int i = 0; i < 40; i++) {
      last = backoff.afterFailure(QUICK);
    }

    assertThat(last).contains(Duration.ofSeconds(30));
  }
}
