package dev.metarag.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metarag.jobs.WorkerConfig;
import dev.metarag.training.model.RagModelSetup;
import org.junit.jupiter.api.Test;

/**
 * The service writes job configurations with libs/jobs' names; the worker builds models by them.
 */
class ModelNamesTest {
  @Test
  void theJobConfigurationNamesTheModelsTheTrainingLibraryBuilds() {
    assertThat(WorkerConfig.MODEL_MINILM).isEqualTo(RagModelSetup.MINILM);
    assertThat(WorkerConfig.MODEL_TINY).isEqualTo(RagModelSetup.TINY);
  }
}
