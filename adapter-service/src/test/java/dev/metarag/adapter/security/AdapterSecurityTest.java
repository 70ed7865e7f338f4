package dev.metarag.adapter.security;

import static dev.metarag.testing.grpc.StatusAssertions.assertStatus;

import dev.metarag.proto.v1.AdaptRequest;
import dev.metarag.proto.v1.AdaptStreamRequest;
import dev.metarag.proto.v1.AdapterGrpc;
import dev.metarag.proto.v1.PromotePolicy;
import dev.metarag.security.auth.Role;
import dev.metarag.testing.grpc.SecuredProfile;
import dev.metarag.testing.grpc.SecuredServiceContract;
import dev.metarag.testing.security.TestSecurity;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The adapter with TLS and API keys on: TLS only, a known key on every RPC, the role table, open
 * health and reflection, and adaptations that ask to promote need the admin role.
 */
@QuarkusTest
@TestProfile(SecuredProfile.class)
class AdapterSecurityTest extends SecuredServiceContract {
  @Override
  protected ServiceDescriptor descriptor() {
    return AdapterGrpc.getServiceDescriptor();
  }

  @Override
  protected MethodDescriptor<?, ?> readMethod() {
    return AdapterGrpc.getListVersionsMethod();
  }

  /** An adaptation without support examples: past the role check it is INVALID_ARGUMENT. */
  private static AdaptRequest adapt(PromotePolicy promote) {
    return AdaptRequest.newBuilder().setDomain("garden").setPromote(promote).build();
  }

  private static void as(Role role, Consumer<AdapterGrpc.AdapterBlockingStub> calls) {
    TestSecurity security = TestSecurity.get();
    ManagedChannel channel = security.channel(SecuredProfile.target(), security.client(role));
    try {
      calls.accept(AdapterGrpc.newBlockingStub(channel));
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void aWriteKeyMayAdaptButNotPromote() {
    as(
        Role.WRITE,
        adapter -> {
          assertStatus(
              () -> adapter.adapt(adapt(PromotePolicy.PROMOTE_POLICY_NEVER)),
              Status.Code.INVALID_ARGUMENT,
              "support: required");
          assertStatus(
              () -> adapter.adapt(adapt(PromotePolicy.PROMOTE_POLICY_UNSPECIFIED)),
              Status.Code.INVALID_ARGUMENT,
              "support: required");
          for (PromotePolicy promoting :
              new PromotePolicy[] {
                PromotePolicy.PROMOTE_POLICY_ALWAYS, PromotePolicy.PROMOTE_POLICY_IF_IMPROVED
              }) {
            assertStatus(
                () -> adapter.adapt(adapt(promoting)),
                Status.Code.PERMISSION_DENIED,
                "metarag.v1.Adapter/Adapt needs the admin role to promote: register with promote"
                    + " PROMOTE_POLICY_NEVER and let an admin call PromoteVersion; key 'test-write'"
                    + " has the write role");
            assertStatus(
                () ->
                    adapter
                        .adaptStream(
                            AdaptStreamRequest.newBuilder().setRequest(adapt(promoting)).build())
                        .hasNext(),
                Status.Code.PERMISSION_DENIED,
                "metarag.v1.Adapter/AdaptStream needs the admin role to promote");
          }
          assertStatus(
              () ->
                  adapter.adapt(
                      adapt(PromotePolicy.PROMOTE_POLICY_NEVER).toBuilder()
                          .setPromoteValue(7)
                          .build()),
              Status.Code.PERMISSION_DENIED,
              "needs the admin role to promote");
        });
  }

  @Test
  void anAdminKeyMayAdaptAndPromote() {
    as(
        Role.ADMIN,
        adapter -> {
          assertStatus(
              () -> adapter.adapt(adapt(PromotePolicy.PROMOTE_POLICY_ALWAYS)),
              Status.Code.INVALID_ARGUMENT,
              "support: required");
          assertStatus(
              () ->
                  adapter
                      .adaptStream(
                          AdaptStreamRequest.newBuilder()
                              .setRequest(adapt(PromotePolicy.PROMOTE_POLICY_IF_IMPROVED))
                              .build())
                      .hasNext(),
              Status.Code.INVALID_ARGUMENT,
              "support: required");
        });
  }
}
