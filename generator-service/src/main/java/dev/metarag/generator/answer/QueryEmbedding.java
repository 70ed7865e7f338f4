package dev.metarag.generator.answer;

import dev.metarag.inference.encoder.EncoderLoader;
import dev.metarag.proto.v1.EncoderInfo;
import dev.metarag.registry.VersionIds;

/**
 * Whether the retriever's query encoder is the one a version was trained with, so that the
 * retriever may embed the question itself (one round trip, no second copy of the encoder here). The
 * adapter points the retriever at a version's package when it promotes it (EncoderInfo.version is
 * then the version id); "base" is the pretrained MiniLM, the document encoder.
 */
final class QueryEmbedding {
  private QueryEmbedding() {}

  static boolean retrieverEmbedsWith(EncoderInfo retrieverEncoder, String version) {
    if (retrieverEncoder == null || retrieverEncoder.getName().isEmpty()) {
      return false;
    }
    if (VersionIds.BASE.equals(version)) {
      return retrieverEncoder.getSource().isEmpty()
          && EncoderLoader.isBuiltin(retrieverEncoder.getName());
    }
    return !retrieverEncoder.getSource().isEmpty() && version.equals(retrieverEncoder.getVersion());
  }
}
