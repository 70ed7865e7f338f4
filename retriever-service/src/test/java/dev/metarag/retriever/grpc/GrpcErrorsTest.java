package dev.metarag.retriever.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metarag.retriever.error.BackendUnavailableException;
import io.grpc.Status;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class GrpcErrorsTest {
  @Test
  void anUnreachableBackendIsUnavailableNotInternal() {
    var status =
        GrpcErrors.toStatus(
                new BackendUnavailableException(
                    "SolrCloud cannot be reached", new ConnectException("refused")))
            .getStatus();

    assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(status.getDescription()).contains("SolrCloud cannot be reached");
  }

  @Test
  void aBugIsInternalWithoutTheExceptionText() {
    var status =
        GrpcErrors.toStatus(new NullPointerException("Cannot invoke \"getResults()\"")).getStatus();

    assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(status.getDescription()).startsWith("internal error (reference ");
    assertThat(status.getDescription()).doesNotContain("NullPointer", "getResults");
  }
}
