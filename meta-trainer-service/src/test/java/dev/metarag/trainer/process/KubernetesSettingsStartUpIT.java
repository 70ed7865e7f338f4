package dev.metarag.trainer.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metarag.testing.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The packaged meta-trainer refuses to start with a bad KUBERNETES executor default, and says which
 * setting and why in its log: a default that would fail every job is a deployment mistake, shown
 * where the deployment is watched (a pod that never becomes ready), not on each StartJob.
 */
class KubernetesSettingsStartUpIT {
  private static final Path WORK = Path.of("target/k8s-settings-it");

  private static List<String> settings(Path data, String... more) {
    List<String> p = new ArrayList<>();
    p.add("metarag.trainer.data-dir=" + data.resolve("meta-trainer"));
    p.add("metarag.trainer.registry-dir=" + data.resolve("models"));
    p.add("metarag.trainer.shared-data=" + data.resolve("datasets"));
    p.add("metarag.trainer.kubernetes.enabled=true");
    p.add("metarag.trainer.kubernetes.service-mount-path=" + data);
    p.addAll(List.of(more));
    return p;
  }

  private static String refusal(String... more) throws Exception {
    Files.createDirectories(WORK);
    Path data = Files.createTempDirectory(WORK, "trainer").toAbsolutePath();
    Path log = data.resolve("trainer.log");
    assertThatThrownBy(() -> ServiceProcess.start(Path.of("."), settings(data, more), log))
        .hasMessageContaining("exited during start-up");
    return Files.readString(log);
  }

  @Test
  void anUnpinnedDefaultImageStopsTheService() throws Exception {
    assertThat(
            refusal("metarag.trainer.kubernetes.default-image=registry.example.com/worker:latest"))
        .contains(
            "invalid setting metarag.trainer.kubernetes.default-image: needs a pinned tag or"
                + " digest, not latest");
  }

  @Test
  void unreadableDefaultTolerationsAndARootWorkerStopTheService() throws Exception {
    assertThat(refusal("metarag.trainer.kubernetes.default-tolerations=nvidia.com/gpu:NoSchedule"))
        .contains("invalid setting metarag.trainer.kubernetes.default-tolerations")
        .contains("not a JSON list of pod tolerations");
    assertThat(refusal("metarag.trainer.kubernetes.pod-security.run-as-user=0"))
        .contains("invalid setting metarag.trainer.kubernetes.pod-security.run-as-user");
  }
}
