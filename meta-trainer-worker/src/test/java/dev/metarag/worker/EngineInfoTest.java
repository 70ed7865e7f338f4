package dev.metarag.worker;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the worker says about its PyTorch build, and when it warns that given GPUs go unused. */
class EngineInfoTest {
  @Test
  void aPodGivenGpusThatTrainsOnTheCpuIsWarnedAboutWithTheRemedy() {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      assertThat(EngineInfo.unusedGpus(manager, Map.of("METARAG_WORKER_GPUS", "2")))
          .contains("given 2 GPU(s) but trains on the CPU")
          .contains("CPU build of PyTorch")
          .contains("Dockerfile.cuda");
      assertThat(EngineInfo.unusedGpus(manager, Map.of("METARAG_WORKER_GPUS", "0"))).isEmpty();
      assertThat(EngineInfo.unusedGpus(manager, Map.of())).isEmpty();
      assertThat(EngineInfo.unusedGpus(manager, Map.of("METARAG_WORKER_GPUS", "two"))).isEmpty();
    }
  }
}
