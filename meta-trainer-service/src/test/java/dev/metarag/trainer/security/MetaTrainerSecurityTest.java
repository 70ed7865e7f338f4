package dev.metarag.trainer.security;

import dev.metarag.proto.v1.MetaTrainerGrpc;
import dev.metarag.testing.grpc.SecuredProfile;
import dev.metarag.testing.security.SecuredService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/**
 * The meta-trainer with TLS and API keys on: TLS only, a known key on every RPC, the role table,
 * open health and reflection.
 */
@QuarkusTest
@TestProfile(SecuredProfile.class)
class MetaTrainerSecurityTest {
  private final SecuredService service =
      new SecuredService(MetaTrainerGrpc.getServiceDescriptor(), SecuredProfile.target());

  @Test
  void everyRpcHasARole() {
    service.assertEveryRpcHasARole();
  }

  @Test
  void aTlsClientWithTheCaIsServed() {
    service.assertATlsClientWithTheCaIsServed();
  }

  @Test
  void aPlaintextClientIsRefused() {
    service.assertAPlaintextClientIsRefused();
  }

  @Test
  void aClientWithoutTheCaFailsTheHandshake() {
    service.assertAClientWithoutTheCaFailsTheHandshake();
  }

  @Test
  void everyRpcNeedsAKnownKey() {
    service.assertEveryRpcNeedsAKnownKey();
  }

  @Test
  void everyRpcNeedsItsRole() {
    service.assertEveryRpcNeedsItsRole();
  }

  @Test
  void theKeyMayComeAsXApiKey() {
    service.assertTheKeyMayComeAsXApiKey(MetaTrainerGrpc.getListJobsMethod());
  }

  @Test
  void healthAndReflectionNeedNoKey() {
    service.assertHealthAndReflectionNeedNoKey();
  }
}
