package dev.metarag.generator.answer;

import dev.metarag.proto.v1.FusionSpec;
import dev.metarag.proto.v1.MetadataFilter;
import dev.metarag.proto.v1.RetrievalMode;
import java.util.List;

/**
 * A checked AnswerRequest with its defaults filled in.
 *
 * @param mode never UNSPECIFIED
 * @param fusion null when the request set none (the retriever's default applies)
 * @param pinnedVersion "" for the domain's served version
 */
public record AnswerPlan(
    String question,
    String domain,
    int topK,
    RetrievalMode mode,
    FusionSpec fusion,
    List<MetadataFilter> filters,
    String pinnedVersion,
    double minConfidence,
    int maxAnswerTokens) {

  public boolean pinned() {
    return !pinnedVersion.isEmpty();
  }
}
