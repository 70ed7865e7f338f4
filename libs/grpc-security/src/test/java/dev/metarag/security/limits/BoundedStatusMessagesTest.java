package dev.metarag.security.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import org.junit.jupiter.api.Test;

class BoundedStatusMessagesTest {
  @Test
  void shortMessagesAndCodesStayAsTheyAre() {
    Status status = Status.INVALID_ARGUMENT.withDescription("top_k is -1");

    assertThat(BoundedStatusMessages.bounded(status)).isSameAs(status);
    assertThat(BoundedStatusMessages.bounded(Status.OK)).isSameAs(Status.OK);
  }

  @Test
  void aLongMessageIsCutAndSaysSo() {
    Status status = Status.NOT_FOUND.withDescription("no package at " + "x".repeat(10_000));

    Status cut = BoundedStatusMessages.bounded(status);

    assertThat(cut.getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(cut.getDescription())
        .startsWith("no package at xxx")
        .endsWith(" [message cut: 10014 characters]")
        .hasSize(BoundedStatusMessages.MAX_CHARS + " [message cut: 10014 characters]".length());
  }
}
