package dev.metarag.retriever.grpc;

import dev.metarag.proto.v1.SetQueryEncoderRequest;
import dev.metarag.retriever.collection.QueryEncoderOverride;
import dev.metarag.retriever.error.InvalidRequestException;

/** Reads and checks a {@link SetQueryEncoderRequest}. */
final class QueryEncoderRequests {
  /** Longer paths are not model packages a service wrote; messages quote the path. */
  static final int MAX_MODEL_DIR_CHARS = 1024;

  static final int MAX_VERSION_CHARS = 128;

  private QueryEncoderRequests() {}

  /** The override the request asks for; null restores the document encoder. */
  static QueryEncoderOverride override(SetQueryEncoderRequest r) {
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
    return dir.isEmpty() ? null : new QueryEncoderOverride(dir, r.getVersion());
  }
}
