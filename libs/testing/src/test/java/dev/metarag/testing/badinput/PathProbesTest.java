package dev.metarag.testing.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathProbesTest {
  @TempDir Path top;

  @Test
  void everyProbeButTheInsideOneReachesTheSecretOutsideTheRoot() throws Exception {
    Path root = top.resolve("root");
    PathProbes probes = PathProbes.files(root, top.resolve("outside"), "p.json");

    Path secret = Path.of(probes.outside());
    assertThat(secret.startsWith(root)).isFalse();
    assertThat(Files.readString(secret)).contains(PathProbes.MARKER);
    assertThat(probes.climbing()).startsWith(root.toString()).contains("..");
    assertThat(Path.of(probes.climbing()).normalize()).isEqualTo(secret);
    assertThat(Path.of(probes.linkOut()).startsWith(root)).isTrue();
    assertThat(Path.of(probes.linkOut()).toRealPath()).isEqualTo(secret.toRealPath());
    assertThat(Path.of(probes.insideWithSecret()).startsWith(root)).isTrue();
    assertThat(Files.readString(Path.of(probes.insideWithSecret()))).contains(PathProbes.MARKER);
  }

  @Test
  void directoryProbesHoldTheSecretInTheNamedFileAndCanBeMadeTwice() throws Exception {
    Path root = top.resolve("root");
    PathProbes.directories(root, top.resolve("outside"), "manifest.json");
    PathProbes probes = PathProbes.directories(root, top.resolve("outside"), "manifest.json");

    assertThat(Files.readString(Path.of(probes.linkOut()).resolve("manifest.json")))
        .contains(PathProbes.MARKER);
    assertThat(Files.readString(Path.of(probes.insideWithSecret()).resolve("manifest.json")))
        .contains(PathProbes.MARKER);
  }

  @Test
  void aRefusalNeedsItsCodeItsMentionAndNoQuote() {
    BadInputSuite.Refusal refusal =
        new BadInputSuite.Refusal(Status.Code.INVALID_ARGUMENT, "data-root", PathProbes.MARKER);

    assertThat(
            BadInputSuite.refusedAs(
                Status.INVALID_ARGUMENT.withDescription("outside: give data-root"), refusal))
        .isTrue();
    assertThat(BadInputSuite.refusedAs(Status.NOT_FOUND.withDescription("data-root"), refusal))
        .as("another code")
        .isFalse();
    assertThat(
            BadInputSuite.refusedAs(
                Status.INVALID_ARGUMENT.withDescription("outside the roots"), refusal))
        .as("the setting not named")
        .isFalse();
    assertThat(
            BadInputSuite.refusedAs(
                Status.INVALID_ARGUMENT.withDescription(
                    "data-root: Unrecognized token 'root:x:0:0:" + PathProbes.MARKER + "'"),
                refusal))
        .as("the file quoted")
        .isFalse();
  }
}
