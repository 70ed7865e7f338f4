package dev.metarag.generator.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.metarag.generator.support.FixtureDocuments;
import dev.metarag.generator.support.GeneratorClient;
import dev.metarag.generator.support.TestModels;
import dev.metarag.proto.v1.AnswerRequest;
import dev.metarag.proto.v1.AnswerResponse;
import dev.metarag.proto.v1.GetServingModelRequest;
import dev.metarag.proto.v1.ModelKind;
import dev.metarag.proto.v1.ServingModel;
import dev.metarag.registry.SwapHook;
import dev.metarag.registry.VersionRegistry;
import dev.metarag.testing.grpc.RetrieverWithFixtures;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The running generator's default model follows the registry: a general version registered while it
 * serves makes every domain without an active version switch to it (the watcher's hot swap, as for
 * promotions), a domain with an active version keeps it, and deleting the general version puts the
 * domains back on base.
 */
@QuarkusTest
@QuarkusTestResource(
    value = RetrieverWithFixtures.class,
    initArgs = @ResourceArg(name = "property", value = "metarag.generator.retriever"))
class GeneralReaderDefaultTest {
  private static final Duration SWAP_WAIT = Duration.ofSeconds(60);

  private GeneratorClient client;
  private VersionRegistry registry;
  private String general;

  @BeforeEach
  void connect() {
    client = new GeneratorClient();
    registry = TestModels.registry();
  }

  /** The other test classes of this generator expect the default model to be base. */
  @AfterEach
  void deleteTheGeneralVersion() {
    if (general != null && registry.find(general).isPresent()) {
      registry.delete("", general, v -> false);
    }
    while (registry.activeVersion("kitchen").isPresent()) {
      registry.rollback("kitchen", SwapHook.NONE);
    }
    for (String domain : RetrieverWithFixtures.DOMAINS) {
      awaitServing(domain, "base");
    }
    client.close();
  }

  @Test
  void aGeneralVersionRegisteredWhileServingBecomesTheDefaultModelUntilItIsDeleted() {
    String question = FixtureDocuments.questions("gadgets").get(1);
    assertThat(answer("gadgets", question).getModel().getVersion()).isEqualTo("base");
    String kitchenVersion = TestModels.adapted(registry, "kitchen", 61);
    registry.promote("kitchen", kitchenVersion, SwapHook.NONE);
    awaitServing("kitchen", kitchenVersion);
    long registeredAt = System.currentTimeMillis();

    general = TestModels.general(registry, 62);

    awaitServing("gadgets", general);
    ServingModel now = serving("gadgets");
    assertThat(now.getKind()).isEqualTo(ModelKind.MODEL_KIND_GENERAL);
    assertThat(now.getIsBase()).isTrue();
    assertThat(now.getServingSinceMillis()).isGreaterThanOrEqualTo(registeredAt);
    AnswerResponse answer = answer("gadgets", question);
    assertThat(answer.getModel().getVersion()).isEqualTo(general);
    assertThat(answer.getModel().getKind()).isEqualTo(ModelKind.MODEL_KIND_GENERAL);
    // The retriever embeds with the document encoder: the general version's own encoder did.
    assertThat(answer.getTimings().getEmbedMillis()).isPositive();
    // Every other domain without an active version follows; an active version is kept.
    awaitServing("garden", general);
    assertThat(serving("kitchen").getVersion()).isEqualTo(kitchenVersion);
    assertThat(
            answer("kitchen", FixtureDocuments.questions("kitchen").get(0)).getModel().getVersion())
        .isEqualTo(kitchenVersion);
    // base stays available by name.
    assertThat(
            client
                .blocking
                .answer(request("gadgets", question).setModelVersion("base").build())
                .getModel()
                .getVersion())
        .isEqualTo("base");

    registry.delete("", general, v -> false);

    awaitServing("gadgets", "base");
    assertThat(answer("gadgets", question).getModel().getKind())
        .isEqualTo(ModelKind.MODEL_KIND_BASE);
  }

  private ServingModel serving(String domain) {
    return client
        .blocking
        .getServingModel(GetServingModelRequest.newBuilder().setDomain(domain).build())
        .getModel();
  }

  private void awaitServing(String domain, String version) {
    await()
        .atMost(SWAP_WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> serving(domain).getVersion().equals(version));
  }

  private AnswerResponse answer(String domain, String question) {
    return client.blocking.answer(request(domain, question).build());
  }

  private static AnswerRequest.Builder request(String domain, String question) {
    return AnswerRequest.newBuilder()
        .setDomain(domain)
        .setQuestion(question)
        .setTopK(2)
        .setMinConfidence(0);
  }
}
