package dev.metarag.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metarag.inference.model.ModelPackage;
import dev.metarag.jobs.WorkerConfig;
import dev.metarag.training.export.RagPackages;
import dev.metarag.training.model.RagModelSetup;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The service writes job configurations with libs/jobs' names and checks a base version's package
 * by them; the worker builds models and reads packages by the training library's.
 */
class ModelNamesTest {
  @Test
  void theJobConfigurationNamesTheModelsTheTrainingLibraryBuilds() {
    assertThat(WorkerConfig.MODEL_MINILM).isEqualTo(RagModelSetup.MINILM);
    assertThat(WorkerConfig.MODEL_TINY).isEqualTo(RagModelSetup.TINY);
  }

  @Test
  void theServiceChecksABaseVersionsPackageByTheNamesTheTrainingLibraryWrites() {
    assertThat(WorkerConfig.BaseVersion.PARAMETERS_FILE).isEqualTo(RagPackages.PARAMETERS);
    ModelPackage pkg =
        new ModelPackage(
            Path.of("theta0-1"),
            new ObjectMapper()
                .createObjectNode()
                .put(WorkerConfig.BaseVersion.MODEL_FIELD, RagModelSetup.TINY));
    assertThat(RagPackages.modelName(pkg)).isEqualTo(RagModelSetup.TINY);
  }
}
