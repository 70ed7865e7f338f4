package dev.metarag.security.client;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** How a service calls the other services, under {@code metarag.client}. */
@ConfigMapping(prefix = "metarag.client")
public interface ClientConfig {

  /** Transport security of the calls. */
  Tls tls();

  /**
   * A file holding the API key this service sends to the services it calls (the whole file,
   * surrounding white space ignored); unset sends none.
   */
  Optional<Path> apiKeyFile();

  /** TLS of outgoing calls. */
  interface Tls {
    /** Call the other services over TLS; off means plaintext. */
    @WithDefault("false")
    boolean enabled();

    /**
     * PEM file of the CA certificates that signed the other services' certificates; unset trusts
     * the JVM's default trust store.
     */
    Optional<Path> caFile();
  }
}
