package dev.metarag.training.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metarag.inference.model.InvalidModelPackageException;
import dev.metarag.inference.model.ModelPackage;
import dev.metarag.inference.model.ModelPackageWriter;
import dev.metarag.inference.model.PackageFile;
import dev.metarag.inference.onnx.ReaderWeights;
import dev.metarag.training.model.RagModelSetup;
import dev.metarag.training.rag.RagParameters;
import dev.metarag.training.supervised.Checkpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A trained RAG model as a model package, and back. Beside what serving loads (for MiniLM, the
 * query encoder and reader as ONNX graphs; the tokenizer), the package keeps the parameters for
 * DJL, where adaptation continues from, and Meta-SGD's learned inner learning rates, which
 * adaptation reuses. The manifest records the model name and its encoder and reader settings, so a
 * reader of the package can rebuild the {@link RagModelSetup} it came from.
 */
public final class RagPackages {
  /** The parameters in DJL's NDList encoding, named as in {@link RagParameters}. */
  public static final String PARAMETERS = "parameters.ndlist";

  /** Meta-SGD's learned inner learning rates, in the same encoding, named by their parameter. */
  public static final String INNER_RATES = "inner-rates.ndlist";

  /** The reader manifest field that says how the reader graph stores its encoder weights. */
  public static final String READER_WEIGHTS = "weights";

  /** Manifest fields this class writes; callers may not set them (nor the writer's "files"). */
  private static final Set<String> RESERVED = Set.of("model", "encoder", "reader", "files");

  private RagPackages() {}

  /**
   * Writes the package atomically ({@link ModelPackageWriter}).
   *
   * @param target the package directory; it must not exist
   * @param innerRates learned inner rates by parameter name; empty when the model has none
   * @param manifestFields the caller's manifest fields (name, lineage, metrics...), copied in
   * @throws IllegalArgumentException when {@code manifestFields} sets a field this class writes
   */
  public static ModelPackage write(
      Path target,
      RagModelSetup setup,
      RagParameters params,
      Map<String, NDArray> innerRates,
      ObjectNode manifestFields)
      throws IOException {
    return write(
        target, setup, setup.onnxBase().map(RagExport::new), params, innerRates, manifestFields);
  }

  /**
   * {@link #write(Path, RagModelSetup, RagParameters, Map, ObjectNode)} with an exporter the caller
   * keeps (parsing the pretrained graph takes about a second, which repeated exports of one base
   * model need not pay each time); empty for a model without an ONNX graph.
   */
  public static ModelPackage write(
      Path target,
      RagModelSetup setup,
      Optional<? extends GraphExport> exporter,
      RagParameters params,
      Map<String, NDArray> innerRates,
      ObjectNode manifestFields)
      throws IOException {
    for (String field : RESERVED) {
      if (manifestFields.has(field)) {
        throw new IllegalArgumentException("the manifest field '" + field + "' is written here");
      }
    }
    Map<String, PackageFile> files = new LinkedHashMap<>();
    // Streamed to disk: a MiniLM model's parameters are about 180 MB.
    files.put(PARAMETERS, out -> Checkpoints.encode(params.asMap(), out));
    if (!innerRates.isEmpty()) {
      files.put(INNER_RATES, PackageFile.of(Checkpoints.encode(innerRates)));
    }
    files.put(ModelPackage.TOKENIZER, PackageFile.of(setup.tokenizerJson()));
    if (exporter.isPresent()) {
      GraphExport export = exporter.get();
      files.put(ModelPackage.QUERY_ENCODER, PackageFile.of(export.queryEncoder(params)));
      files.put(ModelPackage.READER, PackageFile.of(export.reader(params)));
    }
    return ModelPackageWriter.writeFiles(
        target, files, manifest(setup, exporter.map(GraphExport::readerWeights), manifestFields));
  }

  private static ObjectNode manifest(
      RagModelSetup setup, Optional<ReaderWeights> readerWeights, ObjectNode fields) {
    ObjectNode manifest = fields.deepCopy();
    manifest.put("model", setup.name());
    manifest
        .putObject("encoder")
        .put("layers", setup.config().layers())
        .put("hidden", setup.config().hidden())
        .put("heads", setup.config().heads())
        .put("intermediate", setup.config().intermediate());
    manifest
        .putObject("reader")
        .put("max_pair_tokens", RagModelSetup.MAX_PAIR_TOKENS)
        .put("max_question_tokens", RagModelSetup.MAX_QUESTION_TOKENS)
        .put("temperature", RagModelSetup.TEMPERATURE);
    readerWeights.ifPresent(
        w -> ((ObjectNode) manifest.get("reader")).put(READER_WEIGHTS, w.manifestName()));
    return manifest;
  }

  /** The package's parameters, owned by {@code manager}. */
  public static RagParameters readParameters(Path packageDir, NDManager manager)
      throws IOException {
    return Checkpoints.load(packageDir.resolve(PARAMETERS), manager);
  }

  /**
   * The package's learned inner rates by parameter name, owned by {@code manager}; empty when the
   * package has none (it was not trained with Meta-SGD).
   */
  public static Map<String, NDArray> readInnerRates(Path packageDir, NDManager manager)
      throws IOException {
    Path file = packageDir.resolve(INNER_RATES);
    if (!Files.exists(file)) {
      return new LinkedHashMap<>();
    }
    try {
      return Checkpoints.decode(Files.readAllBytes(file), manager);
    } catch (IOException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The name of the model the package holds ({@link RagModelSetup#MINILM} or {@link
   * RagModelSetup#TINY}), for {@link RagModelSetup#of}.
   *
   * @throws InvalidModelPackageException when the manifest names no model
   */
  public static String modelName(ModelPackage pkg) {
    String name = pkg.manifest().path("model").asText("");
    if (name.isEmpty()) {
      throw new InvalidModelPackageException(pkg.directory() + ": the manifest names no model");
    }
    return name;
  }
}
