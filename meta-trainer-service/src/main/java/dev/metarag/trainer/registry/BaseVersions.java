package dev.metarag.trainer.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metarag.inference.model.ModelPackage;
import dev.metarag.jobs.JobDirectory;
import dev.metarag.jobs.WorkerConfig;
import dev.metarag.registry.CorruptRegistryException;
import dev.metarag.registry.RegisteredVersion;
import dev.metarag.registry.VersionIds;
import dev.metarag.registry.VersionRegistry;
import dev.metarag.security.limits.Quoted;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The registered version a job starts from ({@code spec.base_model_version}): looked up in the
 * model registry at StartJob, so that a caller's mistake is answered there, and copied into the job
 * directory before the worker starts, so that the worker reads it wherever the directory is mounted
 * and keeps it when the version is deleted during the job.
 */
public final class BaseVersions {
  private static final Logger LOG = Logger.getLogger(BaseVersions.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FIELD = "spec.base_model_version";

  private final VersionRegistry registry;
  private final String model;

  /**
   * @param model the model this trainer trains ({@code metarag.trainer.base-model}); a job can only
   *     start from versions of it
   */
  public BaseVersions(Path registry, String model) {
    this.registry = new VersionRegistry(registry);
    this.model = model;
  }

  /**
   * The version a job starts from; empty for "base", the trainer's model itself.
   *
   * @throws StatusRuntimeException NOT_FOUND for an unknown version, FAILED_PRECONDITION for one
   *     this trainer cannot train further, DATA_LOSS for a damaged one
   */
  public Optional<RegisteredVersion> resolve(String version) {
    if (VersionIds.BASE.equals(version)) {
      return Optional.empty();
    }
    RegisteredVersion found;
    try {
      found = registry.find(version).orElseThrow(() -> notFound(version));
    } catch (CorruptRegistryException e) {
      throw damaged(version, e);
    }
    if (!found.checksums().containsKey(WorkerConfig.BaseVersion.PARAMETERS_FILE)) {
      throw failedPrecondition(
          "model version "
              + Quoted.of(version)
              + " has no trainable parameters in its package ("
              + WorkerConfig.BaseVersion.PARAMETERS_FILE
              + "); start from 'base' or from a theta0 or adapted version that has them");
    }
    String held = modelOf(found);
    if (!held.equals(model)) {
      throw failedPrecondition(
          "model version "
              + Quoted.of(version)
              + " holds "
              + (held.isEmpty() ? "an unnamed model" : "the " + held + " model")
              + ", but this trainer trains "
              + model
              + " (metarag.trainer.base-model); start from 'base' or from a version of "
              + model);
    }
    return Optional.of(found);
  }

  /**
   * Copies the version's package into the job directory and says where, for the worker.
   *
   * @throws StatusRuntimeException NOT_FOUND when the version was deleted since StartJob
   */
  public WorkerConfig.BaseVersion copyInto(JobDirectory job, RegisteredVersion version)
      throws IOException {
    String copy;
    try {
      copy = job.copyBaseModel(version.packageDir());
    } catch (NoSuchFileException e) {
      throw Status.NOT_FOUND
          .withDescription(
              FIELD
                  + ": model version "
                  + Quoted.of(version.version())
                  + " was deleted before the job could copy it; start the job again from"
                  + " another version")
          .asRuntimeException();
    }
    return new WorkerConfig.BaseVersion(version.version(), ancestors(version), copy);
  }

  /** The version's own ancestors, oldest first, as its lineage lists them. */
  static List<String> ancestors(RegisteredVersion version) {
    List<String> out = new ArrayList<>();
    version.details().path("lineage").path("ancestors").forEach(a -> out.add(a.asText()));
    return out;
  }

  private String modelOf(RegisteredVersion version) {
    try {
      JsonNode manifest =
          JSON.readTree(version.packageDir().resolve(ModelPackage.MANIFEST).toFile());
      return manifest.path(WorkerConfig.BaseVersion.MODEL_FIELD).asText("");
    } catch (NoSuchFileException e) {
      throw notFound(version.version()); // deleted since it was found
    } catch (IOException e) {
      throw damaged(version.version(), e);
    }
  }

  private static StatusRuntimeException notFound(String version) {
    return Status.NOT_FOUND
        .withDescription(
            FIELD
                + ": model version "
                + Quoted.of(version)
                + " does not exist in the model registry; use 'base', a theta0 or an adapted"
                + " version that the adapter's ListVersions shows")
        .asRuntimeException();
  }

  private static StatusRuntimeException failedPrecondition(String problem) {
    return Status.FAILED_PRECONDITION.withDescription(FIELD + ": " + problem).asRuntimeException();
  }

  private static StatusRuntimeException damaged(String version, Exception cause) {
    LOG.errorf(cause, "model version %s cannot be read from the registry", version);
    return Status.DATA_LOSS
        .withDescription(
            FIELD
                + ": model version "
                + Quoted.of(version)
                + " cannot be read from the model registry (the trainer's log says why); start"
                + " from another version")
        .asRuntimeException();
  }
}
