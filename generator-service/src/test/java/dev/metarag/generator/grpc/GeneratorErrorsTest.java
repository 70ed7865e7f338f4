package dev.metarag.generator.grpc;

import static dev.metarag.testing.grpc.StatusAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metarag.generator.support.GeneratorClient;
import dev.metarag.generator.support.TestModels;
import dev.metarag.proto.v1.AnswerRequest;
import dev.metarag.proto.v1.AnswerStreamRequest;
import dev.metarag.proto.v1.GetServingModelRequest;
import dev.metarag.proto.v1.ListServingModelsRequest;
import dev.metarag.proto.v1.ModelKind;
import dev.metarag.proto.v1.ServingModel;
import dev.metarag.testing.grpc.RetrieverWithFixtures;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import io.grpc.Status;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad requests on every RPC over real gRPC: INVALID_ARGUMENT naming the field, NOT_FOUND for
 * unknown domains and versions, INVALID_ARGUMENT for another domain's version, and the serving
 * listings.
 */
@QuarkusTest
@QuarkusTestResource(
    value = RetrieverWithFixtures.class,
    initArgs = @ResourceArg(name = "property", value = "metarag.generator.retriever"))
class GeneratorErrorsTest {
  private GeneratorClient client;

  @BeforeEach
  void connect() {
    client = new GeneratorClient();
  }

  @AfterEach
  void disconnect() {
    client.close();
  }

  private static AnswerRequest.Builder ask(String domain) {
    return AnswerRequest.newBuilder().setDomain(domain).setQuestion("What is the strap made of?");
  }

  @Test
  void answerRefusesBadFieldsAndUnknownNames() {
    assertStatus(
        () -> client.blocking.answer(ask("gadgets").setQuestion("").build()),
        Status.Code.INVALID_ARGUMENT,
        "question: required");
    assertStatus(
        () -> client.blocking.answer(ask("gadgets").setTopK(50).build()),
        Status.Code.INVALID_ARGUMENT,
        "top_k: must be 1 to 20");
    assertStatus(
        () -> client.blocking.answer(ask("gadgets").setMinConfidence(2).build()),
        Status.Code.INVALID_ARGUMENT,
        "min_confidence");
    assertStatus(
        () -> client.blocking.answer(ask("").build()), Status.Code.INVALID_ARGUMENT, "domain");
    assertStatus(
        () -> client.blocking.answer(ask("no-such-domain").build()),
        Status.Code.NOT_FOUND,
        "domain: the retriever has no collection 'no-such-domain'");
    assertStatus(
        () -> client.blocking.answer(ask("gadgets").setModelVersion("gadgets-v999").build()),
        Status.Code.NOT_FOUND,
        "model_version: 'gadgets-v999' is not in the model registry");
    assertStatus(
        () -> client.blocking.answer(ask("gadgets").setModelVersion("theta0-999").build()),
        Status.Code.NOT_FOUND,
        "model_version");
  }

  @Test
  void anotherDomainsVersionCannotBePinned() {
    String gardenVersion = TestModels.adapted(TestModels.registry(), "garden", 11);
    assertStatus(
        () -> client.blocking.answer(ask("gadgets").setModelVersion(gardenVersion).build()),
        Status.Code.INVALID_ARGUMENT,
        "model_version: '" + gardenVersion + "' is a version of domain 'garden', not of 'gadgets'");
  }

  @Test
  void answerStreamRefusesTheSame() {
    assertStatus(
        () ->
            client
                .blocking
                .answerStream(AnswerStreamRequest.getDefaultInstance())
                .forEachRemaining(e -> {}),
        Status.Code.INVALID_ARGUMENT,
        "request: required");
    assertStatus(
        () ->
            client
                .blocking
                .answerStream(
                    AnswerStreamRequest.newBuilder()
                        .setRequest(ask("gadgets").setMaxAnswerTokens(100))
                        .build())
                .forEachRemaining(e -> {}),
        Status.Code.INVALID_ARGUMENT,
        "max_answer_tokens");
    assertStatus(
        () ->
            client
                .blocking
                .answerStream(AnswerStreamRequest.newBuilder().setRequest(ask("nowhere")).build())
                .forEachRemaining(e -> {}),
        Status.Code.NOT_FOUND,
        "nowhere");
  }

  @Test
  void healthSaysServing() {
    assertThat(client.health.check(HealthCheckRequest.getDefaultInstance()).getStatus())
        .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
  }

  @Test
  void anExpiredDeadlineIsDeadlineExceeded() {
    assertStatus(
        () ->
            client
                .blocking
                .withDeadlineAfter(1, TimeUnit.MILLISECONDS)
                .answer(ask("gadgets").build()),
        Status.Code.DEADLINE_EXCEEDED,
        "");
  }

  @Test
  void servingModelsNameEveryDomain() {
    assertStatus(
        () -> client.blocking.getServingModel(GetServingModelRequest.getDefaultInstance()),
        Status.Code.INVALID_ARGUMENT,
        "domain: required");
    assertStatus(
        () ->
            client.blocking.getServingModel(
                GetServingModelRequest.newBuilder().setDomain("UPPER").build()),
        Status.Code.INVALID_ARGUMENT,
        "domain: 'UPPER'");
    assertStatus(
        () ->
            client.blocking.getServingModel(
                GetServingModelRequest.newBuilder().setDomain("nowhere").build()),
        Status.Code.NOT_FOUND,
        "nowhere");

    ServingModel gadgets =
        client
            .blocking
            .getServingModel(GetServingModelRequest.newBuilder().setDomain("gadgets").build())
            .getModel();
    assertThat(gadgets.getDomain()).isEqualTo("gadgets");
    assertThat(gadgets.getPinned()).isFalse();
    assertThat(gadgets.hasQueryEncoder()).isTrue();

    var all = client.blocking.listServingModels(ListServingModelsRequest.getDefaultInstance());
    assertThat(all.getModelsList())
        .extracting(ServingModel::getDomain)
        .containsExactly("gadgets", "garden", "kitchen");
    assertThat(all.getModelsList())
        .allSatisfy(m -> assertThat(m.getKind()).isNotEqualTo(ModelKind.MODEL_KIND_UNSPECIFIED));
  }
}
