package dev.metarag.it.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metarag.it.suite.Service;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line ./metarag run hands to the supervisor. */
class SupervisorOptionsTest {
  @Test
  void knownOptionsAreTheSupervisorsAndTheRestGoToEveryServicesJvm() {
    SupervisorOptions o =
        SupervisorOptions.parse(
            "--repo",
            "/r",
            "--home",
            "/h",
            "--port",
            "adapter=9104",
            "--shared-data",
            "/s",
            "-Dquarkus.http.host=0.0.0.0",
            "-Xmx2g");

    assertThat(o.repo()).isEqualTo(Path.of("/r"));
    assertThat(o.home()).isEqualTo(Path.of("/h"));
    assertThat(o.sharedData()).contains(Path.of("/s"));
    assertThat(o.ports()).isEqualTo(Map.of(Service.ADAPTER, 9104));
    assertThat(o.properties()).containsExactly("quarkus.http.host=0.0.0.0");
    assertThat(o.jvmOptions()).containsExactly("-Xmx2g");
  }

  @Test
  void anUnknownServiceOrAMissingHomeIsRefused() {
    assertThatThrownBy(
            () -> SupervisorOptions.parse("--repo", "/r", "--home", "/h", "--port", "solr=1"))
        .hasMessageContaining("no service solr");
    assertThatThrownBy(() -> SupervisorOptions.parse("--repo", "/r"))
        .hasMessageContaining("--home");
  }
}
