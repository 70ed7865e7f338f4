package dev.metarag.security.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class InternalErrorsTest {
  @Test
  void theCallerGetsAReferenceAndNeverTheExceptionText() {
    StatusRuntimeException s =
        InternalErrors.status(
            "Retrieve", new IllegalStateException(new NoSuchFileException("/srv/secret/key.pem")));

    assertThat(s.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(s.getStatus().getDescription())
        .matches("internal error \\(reference [0-9a-f]{8}\\): .*")
        .doesNotContain("/srv", "secret", "IllegalState", "NoSuchFile");
    assertThat(s.getCause()).isNull();
  }

  @Test
  void everyFailureHasItsOwnReference() {
    String first = InternalErrors.status("a", new RuntimeException()).getStatus().getDescription();
    String second = InternalErrors.status("a", new RuntimeException()).getStatus().getDescription();

    assertThat(first).isNotEqualTo(second);
  }
}
