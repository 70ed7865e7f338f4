package dev.metarag.generator.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metarag.generator.support.GeneratorClient;
import dev.metarag.proto.v1.AnswerRequest;
import dev.metarag.proto.v1.AnswerStreamRequest;
import dev.metarag.proto.v1.FusionMethod;
import dev.metarag.proto.v1.FusionSpec;
import dev.metarag.proto.v1.GeneratorGrpc;
import dev.metarag.proto.v1.GetServingModelRequest;
import dev.metarag.proto.v1.ListServingModelsRequest;
import dev.metarag.proto.v1.MetadataFilter;
import dev.metarag.proto.v1.RetrievalMode;
import dev.metarag.proto.v1.ServingModel;
import dev.metarag.testing.badinput.BadInputSuite;
import dev.metarag.testing.grpc.RetrieverWithFixtures;
import dev.metarag.testing.rpc.StreamEnd;
import dev.metarag.testing.security.SecuredService;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Bad input over every Generator RPC (field by field from a good request, wrong domains and
 * versions, a stream the client stops reading): none may end INTERNAL or UNKNOWN; afterwards the
 * generator is SERVING, answers a normal question from the retriever's passages, and still lists
 * every domain. GeneratorErrorsTest asserts the specific statuses.
 */
@QuarkusTest
@QuarkusTestResource(
    value = RetrieverWithFixtures.class,
    initArgs = @ResourceArg(name = "property", value = "metarag.generator.retriever"))
class GeneratorBadInputTest {
  private GeneratorClient client;

  @BeforeEach
  void connect() {
    client = new GeneratorClient();
  }

  @AfterEach
  void disconnect() {
    client.close();
  }

  /**
   * A good request whose filter matches no document: it abstains without reading, so that the
   * mutations that leave it valid stay cheap.
   */
  private static AnswerRequest good() {
    return AnswerRequest.newBuilder()
        .setDomain("gadgets")
        .setQuestion("What is the strap made of?")
        .setTopK(3)
        .setMode(RetrievalMode.RETRIEVAL_MODE_HYBRID)
        .setFusion(
            FusionSpec.newBuilder()
                .setMethod(FusionMethod.FUSION_METHOD_RRF)
                .setBm25Weight(1)
                .setDenseWeight(1)
                .setRrfK(60))
        .addFilters(MetadataFilter.newBuilder().setKey("item").addAnyOf("no-such-item"))
        .setModelVersion("base")
        .setMinConfidence(0.5f)
        .setMaxAnswerTokens(16)
        .build();
  }

  static BadInputSuite suite() {
    return BadInputSuite.of(GeneratorGrpc.getServiceDescriptor())
        .mutations("Answer", good())
        .request(
            "Answer",
            "a version of another domain",
            good().toBuilder().setModelVersion("garden-v1").build())
        .mutations("AnswerStream", AnswerStreamRequest.newBuilder().setRequest(good()).build())
        .call(
            "AnswerStream",
            "a reader that stops listening after the passages",
            StreamEnd.CANCEL_AFTER_FIRST_RESPONSE,
            List.of(
                AnswerStreamRequest.newBuilder()
                    .setRequest(good().toBuilder().clearFilters().setMinConfidence(0))
                    .build()))
        .mutations(
            "GetServingModel", GetServingModelRequest.newBuilder().setDomain("gadgets").build())
        .request(
            "ListServingModels",
            "the empty request",
            ListServingModelsRequest.getDefaultInstance());
  }

  @Test
  void everyRpcHasBadInputCases() {
    assertThat(suite().rpcsWithoutCases()).isEmpty();
  }

  @TestFactory
  Stream<DynamicTest> everyRpcSurvivesBadInput() {
    return suite().tests(client.channel(), this::stillServingWithNothingLost);
  }

  private void stillServingWithNothingLost() {
    assertThat(SecuredService.health(client.channel())).isEqualTo(ServingStatus.SERVING);
    var answer =
        client.blocking.answer(
            AnswerRequest.newBuilder()
                .setDomain("gadgets")
                .setQuestion("What is the strap made of?")
                .setMinConfidence(0)
                .build());
    assertThat(answer.getPassagesList())
        .extracting(p -> p.getDocumentId())
        .contains("arca-watch-0");
    assertThat(
            client
                .blocking
                .listServingModels(ListServingModelsRequest.getDefaultInstance())
                .getModelsList())
        .extracting(ServingModel::getDomain)
        .containsExactly("gadgets", "garden", "kitchen");
  }
}
