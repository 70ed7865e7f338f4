package dev.metarag.retriever.grpc;

import dev.metarag.data.confine.ConfinedPath;
import dev.metarag.data.confine.ConfinedRoots;
import dev.metarag.data.confine.PathOutsideRootsException;
import dev.metarag.proto.v1.SetQueryEncoderRequest;
import dev.metarag.retriever.collection.QueryEncoderOverride;
import dev.metarag.retriever.error.InvalidRequestException;
import dev.metarag.retriever.error.NotFoundException;
import java.nio.file.Files;

/** Reads and checks a {@link SetQueryEncoderRequest}. */
final class QueryEncoderRequests {
  /** Longer paths are not model packages a service wrote; messages quote the path. */
  static final int MAX_MODEL_DIR_CHARS = 1024;

  static final int MAX_VERSION_CHARS = 128;

  private QueryEncoderRequests() {}

  /**
   * The override the request asks for; null restores the document encoder. The model directory must
   * lie in the model registry ({@code registry}); the override holds its real path, the one that
   * was checked.
   */
  static QueryEncoderOverride override(SetQueryEncoderRequest r, ConfinedRoots registry) {
    String dir = r.getModelDir();
    RequestLimits.requireAtMost(
        "model_dir length in characters", dir.length(), MAX_MODEL_DIR_CHARS);
    RequestLimits.requireAtMost(
        "version length in characters", r.getVersion().length(), MAX_VERSION_CHARS);
    if (dir.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidRequestException(
          "model_dir must not contain control characters: give the package directory's path");
    }
    if (r.getVersion().chars().anyMatch(Character::isISOControl)) {
      throw new InvalidRequestException("version must not contain control characters");
    }
    if (dir.isEmpty()) {
      return null;
    }
    ConfinedPath pkg;
    try {
      pkg = registry.resolve("model_dir", dir);
    } catch (PathOutsideRootsException e) {
      throw new InvalidRequestException(e.getMessage());
    }
    if (!pkg.exists()) {
      throw new NotFoundException("model_dir: no model package at " + pkg.describe());
    }
    if (!Files.isDirectory(pkg.path())) {
      throw new InvalidRequestException(
          "model_dir: " + pkg.describe() + " is a file; give the package's directory");
    }
    return new QueryEncoderOverride(pkg.path().toString(), r.getVersion());
  }
}
