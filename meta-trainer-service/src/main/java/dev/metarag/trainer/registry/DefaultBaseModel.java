package dev.metarag.trainer.registry;

import dev.metarag.proto.v1.JobKind;
import dev.metarag.proto.v1.JobSpec;
import dev.metarag.registry.RegisteredVersion;
import dev.metarag.registry.VersionRegistry;
import java.nio.file.Path;

/**
 * The model a meta-training job starts from when its spec leaves {@code base_model_version} empty:
 * the newest general version in the registry, so that meta-training builds on the general reader
 * once one is trained. Without one the field stays empty and the spec's validation fills in "base",
 * as before; "base" can always be asked for by name.
 *
 * <p>General-reader jobs are left alone: a new general reader trains from the pretrained model, not
 * from the previous general reader.
 */
public final class DefaultBaseModel {
  private final VersionRegistry registry;

  public DefaultBaseModel(Path registryDir) {
    this.registry = new VersionRegistry(registryDir);
  }

  /** The spec with the newest general version as its base, when it names none and one exists. */
  public JobSpec fillIn(JobSpec spec) {
    if (!spec.getBaseModelVersion().isEmpty()
        || spec.getKind() == JobKind.JOB_KIND_GENERAL_READER) {
      return spec;
    }
    return registry
        .newestGeneral()
        .map(RegisteredVersion::version)
        .map(general -> spec.toBuilder().setBaseModelVersion(general).build())
        .orElse(spec);
  }
}
