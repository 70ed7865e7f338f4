package dev.metarag.testing.grpc;

import dev.metarag.testing.security.SecuredService;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import org.junit.jupiter.api.Test;

/**
 * What every service passes with TLS and API keys on, as tests: TLS only, a known key on every RPC,
 * the role each RPC needs, open health and reflection. A service's security test extends it, runs
 * under {@link SecuredProfile} (or a profile extending it) and adds what is particular to the
 * service.
 */
public abstract class SecuredServiceContract {
  private SecuredService service;

  /** The service under test ({@code XxxGrpc.getServiceDescriptor()}). */
  protected abstract ServiceDescriptor descriptor();

  /** An RPC the read role may call with an empty request. */
  protected abstract MethodDescriptor<?, ?> readMethod();

  private SecuredService service() {
    if (service == null) {
      service = new SecuredService(descriptor(), SecuredProfile.target());
    }
    return service;
  }

  @Test
  void everyRpcHasARole() {
    service().assertEveryRpcHasARole();
  }

  @Test
  void aTlsClientWithTheCaIsServed() {
    service().assertATlsClientWithTheCaIsServed();
  }

  @Test
  void aPlaintextClientIsRefused() {
    service().assertAPlaintextClientIsRefused();
  }

  @Test
  void aClientWithoutTheCaFailsTheHandshake() {
    service().assertAClientWithoutTheCaFailsTheHandshake();
  }

  @Test
  void everyRpcNeedsAKnownKey() {
    service().assertEveryRpcNeedsAKnownKey();
  }

  @Test
  void everyRpcNeedsItsRole() {
    service().assertEveryRpcNeedsItsRole();
  }

  @Test
  void theKeyMayComeAsXApiKey() {
    service().assertTheKeyMayComeAsXApiKey(readMethod());
  }

  @Test
  void healthAndReflectionNeedNoKey() {
    service().assertHealthAndReflectionNeedNoKey();
  }
}
