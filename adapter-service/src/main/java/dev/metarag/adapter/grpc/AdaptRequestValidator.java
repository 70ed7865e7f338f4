package dev.metarag.adapter.grpc;

import static dev.metarag.adapter.grpc.Statuses.invalid;

import dev.metarag.adapter.adaptation.AdaptPlan;
import dev.metarag.proto.v1.AdaptRequest;
import dev.metarag.proto.v1.ExampleSource;
import dev.metarag.proto.v1.PromotePolicy;
import dev.metarag.registry.VersionIds;
import dev.metarag.security.limits.Quoted;
import dev.metarag.training.rag.ParameterSubset;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * Checks an {@link AdaptRequest} field by field, as adapter.proto documents each, and fills in the
 * defaults. Everything wrong is INVALID_ARGUMENT naming the field; what needs the retriever or the
 * registry (unknown domain or base version) is checked later.
 */
public final class AdaptRequestValidator {
  static final int MAX_STEPS = 100;
  static final int MAX_TOP_K = 20;
  static final int DEFAULT_TOP_K = 5;
  static final int MAX_DESCRIPTION = 1024;

  private final int encoderLayers;

  /**
   * @param encoderLayers layers of the served encoders, the bound of TOP_LAYERS
   */
  public AdaptRequestValidator(int encoderLayers) {
    this.encoderLayers = encoderLayers;
  }

  public AdaptPlan validate(AdaptRequest r) {
    String domain = requireDomain("domain", r.getDomain());
    if (!r.hasSupport()
        || r.getSupport().getSourceCase() == ExampleSource.SourceCase.SOURCE_NOT_SET) {
      throw invalid("support", "required: give inline examples or a dataset");
    }
    if (r.getSteps() < 0 || r.getSteps() > MAX_STEPS) {
      throw invalid("steps", "must be 1 to " + MAX_STEPS + " (0 means 1), got " + r.getSteps());
    }
    double rate = r.getLearningRate();
    if (Double.isNaN(rate) || rate < 0 || rate > 1) {
      throw invalid(
          "learning_rate", "must be in (0, 1], or 0 for the base's own inner rate; got " + rate);
    }
    if (r.getMinImprovement() < 0
        || r.getMinImprovement() >= 1
        || Double.isNaN(r.getMinImprovement())) {
      throw invalid("min_improvement", "must be in [0, 1), got " + r.getMinImprovement());
    }
    if (r.getRetrievalTopK() < 0 || r.getRetrievalTopK() > MAX_TOP_K) {
      throw invalid(
          "retrieval_top_k",
          "must be 1 to "
              + MAX_TOP_K
              + " (0 means "
              + DEFAULT_TOP_K
              + "), got "
              + r.getRetrievalTopK());
    }
    if (r.getDescription().length() > MAX_DESCRIPTION) {
      throw invalid("description", "longer than " + MAX_DESCRIPTION + " characters");
    }
    PromotePolicy promote =
        switch (r.getPromote()) {
          case PROMOTE_POLICY_UNSPECIFIED, PROMOTE_POLICY_NEVER ->
              PromotePolicy.PROMOTE_POLICY_NEVER;
          case PROMOTE_POLICY_ALWAYS, PROMOTE_POLICY_IF_IMPROVED -> r.getPromote();
          default ->
              throw invalid(
                  "promote",
                  "unknown value " + r.getPromoteValue() + "; use NEVER, ALWAYS or IF_IMPROVED");
        };
    if (r.getTrial() && r.getPromote() != PromotePolicy.PROMOTE_POLICY_UNSPECIFIED) {
      throw invalid(
          "promote",
          "must be left unset with trial: a trial registers nothing, so it promotes nothing (got "
              + r.getPromote()
              + ")");
    }
    if (r.getTrial() && r.getMinImprovement() != 0) {
      throw invalid(
          "min_improvement",
          "must be left unset with trial: a trial registers nothing, so it promotes nothing (got "
              + r.getMinImprovement()
              + ")");
    }
    String baseVersion = r.getBaseVersion().trim();
    if (!baseVersion.isEmpty() && !VersionIds.isVersionId(baseVersion)) {
      throw invalid(
          "base_version",
          Quoted.of(baseVersion)
              + " is no version id: use \"base\", a theta0 id (theta0-<n>), a general id"
              + " (general-<n>) or a version of the domain (<domain>-v<n>), or leave it empty for"
              + " the newest theta0, else the newest general version, else base");
    }
    boolean evaluationSet =
        r.hasEvaluation()
            && r.getEvaluation().getSourceCase() != ExampleSource.SourceCase.SOURCE_NOT_SET;
    return new AdaptPlan(
        domain,
        baseVersion.isEmpty() ? Optional.empty() : Optional.of(baseVersion),
        r.getSupport(),
        r.getSteps() == 0 ? 1 : r.getSteps(),
        rate == 0 ? Optional.empty() : Optional.of((float) rate),
        parameters(r.getParameters()),
        evaluationSet ? Optional.of(r.getEvaluation()) : Optional.empty(),
        promote,
        r.getMinImprovement(),
        r.getRetrievalTopK() == 0 ? DEFAULT_TOP_K : r.getRetrievalTopK(),
        r.getSeed() == 0 ? new SecureRandom().nextLong(1, Long.MAX_VALUE) : r.getSeed(),
        r.getDescription(),
        r.getExampleScores(),
        r.getTrial());
  }

  /** The domain name, or INVALID_ARGUMENT naming {@code field}. */
  public static String requireDomain(String field, String domain) {
    if (domain.isEmpty()) {
      throw invalid(field, "required: the name of the domain's retriever collection");
    }
    if (!VersionIds.isDomain(domain)) {
      throw invalid(
          field,
          Quoted.of(domain)
              + " is not a collection name: 1 to 64 characters of a-z, 0-9, '-' and '_'");
    }
    return domain;
  }

  private Optional<ParameterSubset> parameters(dev.metarag.proto.v1.ParameterSubset p) {
    int top = p.getTopLayers();
    return switch (p.getKind()) {
      case PARAMETER_SUBSET_KIND_UNSPECIFIED -> {
        requireNoLayers(top, "UNSPECIFIED");
        yield Optional.empty();
      }
      case PARAMETER_SUBSET_KIND_ALL -> {
        requireNoLayers(top, "ALL");
        yield Optional.of(ParameterSubset.ALL);
      }
      case PARAMETER_SUBSET_KIND_HEADS_ONLY -> {
        requireNoLayers(top, "HEADS_ONLY");
        yield Optional.of(ParameterSubset.HEADS_ONLY);
      }
      case PARAMETER_SUBSET_KIND_TOP_LAYERS -> {
        if (top < 1 || top > encoderLayers) {
          throw invalid(
              "parameters.top_layers",
              "must be 1 to " + encoderLayers + " with TOP_LAYERS, got " + top);
        }
        yield Optional.of(ParameterSubset.topLayers(top));
      }
      default ->
          throw invalid(
              "parameters.kind",
              "unknown value " + p.getKindValue() + "; use ALL, TOP_LAYERS or HEADS_ONLY");
    };
  }

  private static void requireNoLayers(int top, String kind) {
    if (top != 0) {
      throw invalid("parameters.top_layers", "must be 0 with " + kind + ", got " + top);
    }
  }
}
