package dev.metarag.generator.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metarag.proto.v1.AnswerRequest;
import dev.metarag.proto.v1.AnswerResponse;
import dev.metarag.proto.v1.GeneratorGrpc;
import dev.metarag.proto.v1.ListServingModelsRequest;
import dev.metarag.proto.v1.ServingModel;
import dev.metarag.security.auth.Role;
import dev.metarag.testing.grpc.RetrieverWithFixtures;
import dev.metarag.testing.grpc.SecuredProfile;
import dev.metarag.testing.grpc.SecuredServiceContract;
import dev.metarag.testing.security.TestSecurity;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The generator with TLS and API keys on, calling a retriever that has them on too, with a read
 * key: a caller reaches the generator over TLS, and the generator reaches the retriever over TLS.
 */
@QuarkusTest
@TestProfile(GeneratorSecurityTest.SecuredGeneratorAndRetriever.class)
class GeneratorSecurityTest extends SecuredServiceContract {
  @Override
  protected ServiceDescriptor descriptor() {
    return GeneratorGrpc.getServiceDescriptor();
  }

  @Override
  protected MethodDescriptor<?, ?> readMethod() {
    return GeneratorGrpc.getListServingModelsMethod();
  }

  /** Both services secured; the generator calls the retriever with the read key. */
  public static class SecuredGeneratorAndRetriever extends SecuredProfile {
    @Override
    protected Role clientRole() {
      return Role.READ;
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(
          new TestResourceEntry(
              RetrieverWithFixtures.class,
              Map.of("property", "metarag.generator.retriever", "secured", "true")));
    }
  }

  @Test
  void answersComeFromTheRetrieverOverTls() {
    TestSecurity security = TestSecurity.get();
    ManagedChannel channel = security.channel(SecuredProfile.target(), security.client(Role.READ));
    try {
      GeneratorGrpc.GeneratorBlockingStub generator = GeneratorGrpc.newBlockingStub(channel);

      AnswerResponse answer =
          generator.answer(
              AnswerRequest.newBuilder()
                  .setDomain("gadgets")
                  .setQuestion("What is the strap made of?")
                  .setMinConfidence(0)
                  .build());

      assertThat(answer.getPassagesList())
          .extracting(p -> p.getDocumentId())
          .contains("arca-watch-0");
      assertThat(answer.getAbstained()).isFalse();
      assertThat(answer.getAnswer()).isNotEmpty();
      assertThat(
              generator
                  .listServingModels(ListServingModelsRequest.getDefaultInstance())
                  .getModelsList())
          .extracting(ServingModel::getDomain)
          .containsExactly("gadgets", "garden", "kitchen");
    } finally {
      channel.shutdownNow();
    }
  }
}
