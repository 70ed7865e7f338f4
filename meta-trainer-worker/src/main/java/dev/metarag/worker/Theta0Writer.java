package dev.metarag.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metarag.inference.files.Directories;
import dev.metarag.inference.model.ModelPackage;
import dev.metarag.jobs.ProgressEvent;
import dev.metarag.jobs.WorkerConfig;
import dev.metarag.training.export.ModelPackageWriter;
import dev.metarag.training.export.RagExport;
import dev.metarag.training.model.RagModelSetup;
import dev.metarag.training.onnx.OnnxModel;
import dev.metarag.training.rag.RagParameters;
import dev.metarag.training.supervised.Checkpoints;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the meta-trained initialisation as a model package: its parameters for DJL (where
 * adaptation continues from) and, for MiniLM, the query encoder and reader as ONNX graphs (what
 * serving loads), the tokenizer, and a manifest with the model settings and final metrics. The
 * service adds the version and lineage when it registers the package.
 */
final class Theta0Writer {
  /** The parameters in DJL's NDList encoding, named as in {@link RagParameters}. */
  static final String PARAMETERS = "parameters.ndlist";

  private final RagModelSetup setup;

  Theta0Writer(RagModelSetup setup) {
    this.setup = setup;
  }

  void write(
      Path target,
      RagParameters params,
      WorkerConfig config,
      Map<String, ProgressEvent.Metrics> metrics)
      throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(PARAMETERS, Checkpoints.encode(params));
    files.put(ModelPackage.TOKENIZER, setup.tokenizerJson());
    Optional<OnnxModel> onnxBase = setup.onnxBase();
    if (onnxBase.isPresent()) {
      RagExport export = new RagExport(onnxBase.get());
      files.put(ModelPackage.QUERY_ENCODER, export.queryEncoder(params));
      files.put(ModelPackage.READER, export.reader(params));
    }
    ObjectMapper json = new ObjectMapper();
    ObjectNode manifest = json.createObjectNode();
    manifest.put("name", "theta0-" + config.jobId());
    manifest.put("model", setup.name());
    manifest.put("algorithm", config.algorithm());
    manifest.put("job_id", config.jobId());
    ObjectNode encoder = manifest.putObject("encoder");
    encoder.put("layers", setup.config().layers());
    encoder.put("hidden", setup.config().hidden());
    encoder.put("heads", setup.config().heads());
    encoder.put("intermediate", setup.config().intermediate());
    manifest
        .putObject("reader")
        .put("max_pair_tokens", RagModelSetup.MAX_PAIR_TOKENS)
        .put("max_question_tokens", RagModelSetup.MAX_QUESTION_TOKENS)
        .put("temperature", RagModelSetup.TEMPERATURE);
    if (metrics != null) {
      manifest.set("evaluation", json.valueToTree(metrics));
    }
    // A worker that died after writing but before reporting success writes it again.
    Directories.deleteRecursively(target);
    ModelPackageWriter.write(target, files, manifest);
  }
}
