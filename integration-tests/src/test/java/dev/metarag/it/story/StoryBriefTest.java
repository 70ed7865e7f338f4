package dev.metarag.it.story;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** What the programs print when a call fails: one line, the root cause's message, no trace. */
class StoryBriefTest {

  @Test
  void aRefusedConnectionIsOneLineWithItsRootCause() {
    Status status =
        Status.UNAVAILABLE
            .withDescription("io exception")
            .withCause(new IOException("wrapped", new ConnectException("Connection refused")));

    assertThat(Story.brief(status))
        .isEqualTo("UNAVAILABLE: io exception (Connection refused)")
        .doesNotContain("\n");
  }

  @Test
  void aStatusWithoutCauseOrDescriptionIsItsCode() {
    assertThat(Story.brief(Status.NOT_FOUND)).isEqualTo("NOT_FOUND");
    assertThat(Story.brief(Status.NOT_FOUND.withDescription("no collection 'x'")))
        .isEqualTo("NOT_FOUND: no collection 'x'");
  }
}
