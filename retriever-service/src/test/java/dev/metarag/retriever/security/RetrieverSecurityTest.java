package dev.metarag.retriever.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.metarag.proto.v1.ListCollectionsRequest;
import dev.metarag.proto.v1.RetrieverGrpc;
import dev.metarag.security.auth.Role;
import dev.metarag.security.client.ClientSecurity;
import dev.metarag.testing.grpc.SecuredProfile;
import dev.metarag.testing.grpc.SecuredServiceContract;
import dev.metarag.testing.security.TestSecurity;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The retriever with TLS and API keys on: TLS only, a known key on every RPC, the role table, open
 * health and reflection, and a key file that changes while the service runs.
 */
@QuarkusTest
@TestProfile(SecuredProfile.class)
class RetrieverSecurityTest extends SecuredServiceContract {
  @Override
  protected ServiceDescriptor descriptor() {
    return RetrieverGrpc.getServiceDescriptor();
  }

  @Override
  protected MethodDescriptor<?, ?> readMethod() {
    return RetrieverGrpc.getListCollectionsMethod();
  }

  @Test
  void aChangedKeyFileTakesEffectWithoutARestart() throws Exception {
    TestSecurity security = TestSecurity.get();
    String newKey = "rotated-key-0123456789abcdef";
    ManagedChannel channel =
        security.channel(SecuredProfile.target(), security.noKey().withApiKey(newKey));
    try {
      RetrieverGrpc.RetrieverBlockingStub stub = RetrieverGrpc.newBlockingStub(channel);
      assertThat(codeOf(() -> stub.listCollections(ListCollectionsRequest.getDefaultInstance())))
          .isEqualTo(Status.Code.UNAUTHENTICATED);

      Files.writeString(security.keysFile(), security.keysFileText() + newKey + " read rotated\n");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  codeOf(() -> stub.listCollections(ListCollectionsRequest.getDefaultInstance()))
                      == Status.Code.OK);

      Files.writeString(security.keysFile(), security.keysFileText());
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  codeOf(() -> stub.listCollections(ListCollectionsRequest.getDefaultInstance()))
                      == Status.Code.UNAUTHENTICATED);
    } finally {
      Files.writeString(security.keysFile(), security.keysFileText());
      channel.shutdownNow();
    }
    ClientSecurity reader = security.client(Role.READ);
    ManagedChannel still = security.channel(SecuredProfile.target(), reader);
    try {
      assertThat(
              RetrieverGrpc.newBlockingStub(still)
                  .listCollections(ListCollectionsRequest.getDefaultInstance()))
          .isNotNull();
    } finally {
      still.shutdownNow();
    }
  }

  private static Status.Code codeOf(Runnable call) {
    try {
      call.run();
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }
}
