package dev.metarag.worker;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metarag.inference.files.Directories;
import dev.metarag.jobs.ProgressEvent;
import dev.metarag.jobs.WorkerConfig;
import dev.metarag.training.export.RagPackages;
import dev.metarag.training.model.RagModelSetup;
import dev.metarag.training.rag.RagParameters;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes the meta-trained initialisation (or a general reader) as a RAG model package ({@link
 * RagPackages}), with Meta-SGD's learned inner rates when the job learned them, and a manifest
 * naming the job, its algorithm and its final metrics. The service adds the version and lineage
 * when it registers the package.
 */
final class Theta0Writer {
  private final RagModelSetup setup;

  Theta0Writer(RagModelSetup setup) {
    this.setup = setup;
  }

  /**
   * @param innerRates the learner's inner rates by parameter name; empty unless Meta-SGD
   * @param metrics the last evaluation by domain, or null when the job evaluates nothing
   */
  void write(
      Path target,
      RagParameters params,
      Map<String, NDArray> innerRates,
      WorkerConfig config,
      Map<String, ProgressEvent.Metrics> metrics)
      throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode fields = json.createObjectNode();
    fields.put("name", (config.trainsGeneralReader() ? "general-" : "theta0-") + config.jobId());
    fields.put("algorithm", config.algorithm());
    fields.put("job_id", config.jobId());
    if (metrics != null) {
      fields.set("evaluation", json.valueToTree(metrics));
    }
    // A worker that died after writing but before reporting success writes it again.
    Directories.deleteRecursively(target);
    RagPackages.write(target, setup, params, innerRates, fields);
  }
}
