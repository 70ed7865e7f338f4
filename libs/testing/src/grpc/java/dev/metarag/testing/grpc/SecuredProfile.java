package dev.metarag.testing.grpc;

import dev.metarag.security.auth.Role;
import dev.metarag.testing.security.TestSecurity;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The service under test serves TLS only with the test certificate, requires API keys from the test
 * key file, and calls the other services over TLS with the admin key. Global test resources (a
 * plaintext retriever) are left out; a profile that needs a retriever adds a secured one.
 *
 * <p>Compiled into each service's tests, like the rest of {@code src/grpc}.
 */
public class SecuredProfile implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    TestSecurity security = TestSecurity.get();
    Map<String, String> config = new HashMap<>(security.serverConfig());
    config.putAll(security.clientConfig(clientRole()));
    return config;
  }

  /** The role of the key the service sends to the services it calls. */
  protected Role clientRole() {
    return Role.ADMIN;
  }

  @Override
  public boolean disableGlobalTestResources() {
    return true;
  }

  /** host:port of the service under test's TLS port. */
  public static String target() {
    return "localhost:"
        + ConfigProvider.getConfig().getValue("quarkus.http.test-ssl-port", Integer.class);
  }
}
