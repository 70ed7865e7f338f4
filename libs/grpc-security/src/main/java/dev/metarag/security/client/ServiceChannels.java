package dev.metarag.security.client;

import io.grpc.ManagedChannel;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Opens this service's channels to the other services as {@code metarag.client} says. Every
 * service-to-service channel is opened here, so all of them follow the same settings.
 */
@Singleton
public class ServiceChannels {
  private static final Logger LOG = Logger.getLogger(ServiceChannels.class);

  @Inject ClientConfig config;

  private ClientSecurity security;

  @PostConstruct
  void read() {
    security = ClientSecurity.from(config);
  }

  /** A channel to another service at {@code target} (host:port). */
  public ManagedChannel open(String target) {
    LOG.infof("calls to %s: %s", target, security);
    return Channels.open(target, security);
  }
}
