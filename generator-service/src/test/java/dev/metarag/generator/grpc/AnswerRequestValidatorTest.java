package dev.metarag.generator.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metarag.generator.answer.AnswerPlan;
import dev.metarag.proto.v1.AnswerRequest;
import dev.metarag.proto.v1.FusionSpec;
import dev.metarag.proto.v1.MetadataFilter;
import dev.metarag.proto.v1.RetrievalMode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Every field of AnswerRequest, its defaults and each kind of bad value, without a server. */
class AnswerRequestValidatorTest {
  private final AnswerRequestValidator validator = new AnswerRequestValidator(0.25);

  private static AnswerRequest.Builder good() {
    return AnswerRequest.newBuilder().setQuestion("How long?").setDomain("gadgets");
  }

  private void assertInvalid(UnaryOperator<AnswerRequest.Builder> change, String message) {
    assertThatThrownBy(() -> validator.validate(change.apply(good()).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).startsWith(message);
            });
  }

  @Test
  void defaultsAreFilledIn() {
    AnswerPlan plan = validator.validate(good().build());
    assertThat(plan.topK()).isEqualTo(5);
    assertThat(plan.mode()).isEqualTo(RetrievalMode.RETRIEVAL_MODE_HYBRID);
    assertThat(plan.fusion()).isNull();
    assertThat(plan.maxAnswerTokens()).isEqualTo(30);
    assertThat(plan.minConfidence()).isEqualTo(0.25);
    assertThat(plan.pinned()).isFalse();

    AnswerPlan set =
        validator.validate(
            good()
                .setTopK(20)
                .setMode(RetrievalMode.RETRIEVAL_MODE_BM25)
                .setMaxAnswerTokens(64)
                .setMinConfidence(0)
                .setModelVersion("theta0-3")
                .build());
    assertThat(set.topK()).isEqualTo(20);
    assertThat(set.maxAnswerTokens()).isEqualTo(64);
    assertThat(set.minConfidence()).isZero();
    assertThat(set.pinnedVersion()).isEqualTo("theta0-3");
    assertThat(validator.validate(good().setQuestion("x".repeat(4096)).build()).question())
        .hasSize(4096);
  }

  @Test
  void eachBadFieldIsNamed() {
    assertInvalid(b -> b.setQuestion(""), "question: required");
    assertInvalid(b -> b.setQuestion("  \n"), "question: required");
    assertInvalid(b -> b.setQuestion("x".repeat(4097)), "question: longer than 4096");
    assertInvalid(b -> b.setDomain(""), "domain: required");
    assertInvalid(b -> b.setDomain("Gadgets!"), "domain: 'Gadgets!' is no collection name");
    assertInvalid(b -> b.setTopK(-1), "top_k: must be 1 to 20");
    assertInvalid(b -> b.setTopK(21), "top_k: must be 1 to 20");
    assertInvalid(b -> b.setModeValue(9), "mode: unknown value 9");
    assertInvalid(
        b -> b.setFusion(FusionSpec.newBuilder().setBm25Weight(-1)), "fusion.bm25_weight");
    assertInvalid(
        b -> b.setFusion(FusionSpec.newBuilder().setDenseWeight(Float.NaN)), "fusion.dense_weight");
    assertInvalid(b -> b.setFusion(FusionSpec.newBuilder().setRrfK(-5)), "fusion.rrf_k");
    assertInvalid(b -> b.setFusion(FusionSpec.newBuilder().setMethodValue(7)), "fusion.method");
    assertInvalid(
        b -> {
          for (int i = 0; i < 17; i++) {
            b.addFilters(MetadataFilter.newBuilder().setKey("k" + i).addAnyOf("v"));
          }
          return b;
        },
        "filters: at most 16");
    assertInvalid(
        b -> b.addFilters(MetadataFilter.newBuilder().addAnyOf("v")), "filters[0].key: required");
    assertInvalid(
        b ->
            b.addFilters(MetadataFilter.newBuilder().setKey("ok").addAnyOf("v"))
                .addFilters(MetadataFilter.newBuilder().setKey("bad key").addAnyOf("v")),
        "filters[1].key: 'bad key'");
    assertInvalid(
        b -> b.addFilters(MetadataFilter.newBuilder().setKey("item")), "filters[0].any_of");
    assertInvalid(b -> b.setModelVersion("../etc"), "model_version: '../etc' is no version id");
    assertInvalid(b -> b.setMinConfidence(-0.1f), "min_confidence: must be in [0, 1]");
    assertInvalid(b -> b.setMinConfidence(1.5f), "min_confidence: must be in [0, 1]");
    assertInvalid(b -> b.setMinConfidence(Float.NaN), "min_confidence");
    assertInvalid(b -> b.setMaxAnswerTokens(-1), "max_answer_tokens: must be 1 to 64");
    assertInvalid(b -> b.setMaxAnswerTokens(65), "max_answer_tokens: must be 1 to 64");
  }
}
