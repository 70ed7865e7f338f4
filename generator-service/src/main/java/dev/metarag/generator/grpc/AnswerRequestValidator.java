package dev.metarag.generator.grpc;

import static dev.metarag.generator.grpc.Statuses.invalid;

import dev.metarag.generator.answer.AnswerPlan;
import dev.metarag.proto.v1.AnswerRequest;
import dev.metarag.proto.v1.FusionSpec;
import dev.metarag.proto.v1.MetadataFilter;
import dev.metarag.proto.v1.RetrievalMode;
import dev.metarag.registry.VersionIds;
import dev.metarag.security.limits.Quoted;
import java.util.regex.Pattern;

/**
 * Checks an {@link AnswerRequest} field by field, as generator.proto documents each, and fills in
 * the defaults. Everything wrong is INVALID_ARGUMENT naming the field; what needs the retriever or
 * the registry (unknown domain or version) is checked later.
 */
public final class AnswerRequestValidator {
  static final int MAX_QUESTION_CHARS = 4096;
  static final int MAX_TOP_K = 20;
  static final int DEFAULT_TOP_K = 5;
  static final int MAX_FILTERS = 16;
  static final int MAX_ANSWER_TOKENS = 64;
  static final int DEFAULT_ANSWER_TOKENS = 30;

  /** Metadata keys as documents may carry them (common.proto). */
  private static final Pattern METADATA_KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private final double defaultMinConfidence;

  /**
   * @param defaultMinConfidence the threshold when the request sets none
   */
  public AnswerRequestValidator(double defaultMinConfidence) {
    this.defaultMinConfidence = defaultMinConfidence;
  }

  public AnswerPlan validate(AnswerRequest r) {
    String question = r.getQuestion();
    if (question.isBlank()) {
      throw invalid(
          "question", "required: the question, 1 to " + MAX_QUESTION_CHARS + " characters");
    }
    if (question.length() > MAX_QUESTION_CHARS) {
      throw invalid(
          "question",
          "longer than "
              + MAX_QUESTION_CHARS
              + " characters ("
              + question.length()
              + "); shorten it");
    }
    String domain = requireDomain("domain", r.getDomain());
    if (r.getTopK() < 0 || r.getTopK() > MAX_TOP_K) {
      throw invalid(
          "top_k",
          "must be 1 to " + MAX_TOP_K + " (0 means " + DEFAULT_TOP_K + "), got " + r.getTopK());
    }
    RetrievalMode mode =
        switch (r.getMode()) {
          case RETRIEVAL_MODE_UNSPECIFIED -> RetrievalMode.RETRIEVAL_MODE_HYBRID;
          case RETRIEVAL_MODE_BM25, RETRIEVAL_MODE_DENSE, RETRIEVAL_MODE_HYBRID -> r.getMode();
          default ->
              throw invalid(
                  "mode", "unknown value " + r.getModeValue() + "; use BM25, DENSE or HYBRID");
        };
    FusionSpec fusion = r.hasFusion() ? checkFusion(r.getFusion()) : null;
    if (r.getFiltersCount() > MAX_FILTERS) {
      throw invalid("filters", "at most " + MAX_FILTERS + " filters, got " + r.getFiltersCount());
    }
    for (int i = 0; i < r.getFiltersCount(); i++) {
      checkFilter("filters[" + i + "]", r.getFilters(i));
    }
    String version = r.getModelVersion();
    if (!version.isEmpty() && !VersionIds.isVersionId(version)) {
      throw invalid(
          "model_version",
          Quoted.of(version)
              + " is no version id: use \"base\", a theta0 id (theta0-<n>), a general id"
              + " (general-<n>) or a version of the domain (<domain>-v<n>), or leave it empty for"
              + " the served version");
    }
    double minConfidence = defaultMinConfidence;
    if (r.hasMinConfidence()) {
      float m = r.getMinConfidence();
      if (Float.isNaN(m) || m < 0 || m > 1) {
        throw invalid(
            "min_confidence",
            "must be in [0, 1] (0 never abstains), got " + m + "; leave it unset for the default");
      }
      minConfidence = m;
    }
    if (r.getMaxAnswerTokens() < 0 || r.getMaxAnswerTokens() > MAX_ANSWER_TOKENS) {
      throw invalid(
          "max_answer_tokens",
          "must be 1 to "
              + MAX_ANSWER_TOKENS
              + " (0 means "
              + DEFAULT_ANSWER_TOKENS
              + "), got "
              + r.getMaxAnswerTokens());
    }
    return new AnswerPlan(
        question,
        domain,
        r.getTopK() == 0 ? DEFAULT_TOP_K : r.getTopK(),
        mode,
        fusion,
        r.getFiltersList(),
        version,
        minConfidence,
        r.getMaxAnswerTokens() == 0 ? DEFAULT_ANSWER_TOKENS : r.getMaxAnswerTokens());
  }

  /** The domain if it can be a collection name; INVALID_ARGUMENT naming {@code field} otherwise. */
  static String requireDomain(String field, String domain) {
    if (domain.isEmpty()) {
      throw invalid(field, "required: the name of the domain's retriever collection");
    }
    if (!VersionIds.isDomain(domain)) {
      throw invalid(
          field,
          Quoted.of(domain)
              + " is no collection name: use 1 to 64 characters of a-z, 0-9, '_' and '-',"
              + " starting with a letter or digit");
    }
    return domain;
  }

  private static FusionSpec checkFusion(FusionSpec f) {
    switch (f.getMethod()) {
      case FUSION_METHOD_UNSPECIFIED, FUSION_METHOD_RRF, FUSION_METHOD_LINEAR -> {}
      default ->
          throw invalid(
              "fusion.method", "unknown value " + f.getMethodValue() + "; use RRF or LINEAR");
    }
    checkWeight("fusion.bm25_weight", f.getBm25Weight());
    checkWeight("fusion.dense_weight", f.getDenseWeight());
    if (f.getRrfK() < 0) {
      throw invalid("fusion.rrf_k", "must be positive (0 means 60), got " + f.getRrfK());
    }
    return f;
  }

  private static void checkWeight(String field, float weight) {
    if (Float.isNaN(weight) || Float.isInfinite(weight) || weight < 0) {
      throw invalid(field, "must be a finite number >= 0, got " + weight);
    }
  }

  private static void checkFilter(String field, MetadataFilter f) {
    if (f.getKey().isEmpty()) {
      throw invalid(field + ".key", "required: the metadata key to match");
    }
    if (!METADATA_KEY.matcher(f.getKey()).matches()) {
      throw invalid(
          field + ".key",
          Quoted.of(f.getKey())
              + " is no metadata key: use 1 to 64 characters of A-Z, a-z, 0-9, '_', '.' and '-'");
    }
    if (f.getAnyOfCount() == 0) {
      throw invalid(field + ".any_of", "give at least one value to match");
    }
  }
}
