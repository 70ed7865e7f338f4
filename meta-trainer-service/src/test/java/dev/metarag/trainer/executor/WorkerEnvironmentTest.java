package dev.metarag.trainer.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerEnvironmentTest {
  @Test
  void aWorkerGetsTheDefaultsTheServiceDoesNotSet() {
    Map<String, String> env = new HashMap<>(Map.of("PATH", "/usr/bin"));

    WorkerEnvironment.applyDefaults(env);

    assertThat(env)
        .containsEntry("PATH", "/usr/bin")
        .containsEntry("OMP_WAIT_POLICY", "PASSIVE")
        .containsEntry("MALLOC_MMAP_THRESHOLD_", "1048576")
        .containsEntry("MALLOC_ARENA_MAX", "2");
  }

  @Test
  void anOperatorsOwnSettingWins() {
    Map<String, String> env = new HashMap<>(Map.of("MALLOC_ARENA_MAX", "8"));

    WorkerEnvironment.applyDefaults(env);

    assertThat(env).containsEntry("MALLOC_ARENA_MAX", "8");
  }
}
