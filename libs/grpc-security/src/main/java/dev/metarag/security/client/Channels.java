package dev.metarag.security.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Opens gRPC channels with a {@link ClientSecurity}. */
public final class Channels {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private Channels() {}

  /** A channel to {@code target} (host:port or a gRPC target URI). */
  public static ManagedChannel open(String target, ClientSecurity security) {
    ManagedChannelBuilder<?> builder = Grpc.newChannelBuilder(target, credentials(security));
    security.apiKey().ifPresent(key -> builder.intercept(new BearerKey(key)));
    return builder.build();
  }

  private static ChannelCredentials credentials(ClientSecurity security) {
    if (!security.tls()) {
      return InsecureChannelCredentials.create();
    }
    TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder();
    if (security.caFile().isPresent()) {
      Path ca = security.caFile().get();
      try {
        tls.trustManager(ca.toFile());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the CA file " + ca, e);
      }
    }
    return tls.build();
  }

  /** Sends {@code authorization: Bearer <key>} with every call. */
  private static final class BearerKey implements ClientInterceptor {
    private final String value;

    BearerKey(String key) {
      this.value = "Bearer " + key;
    }

    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
        MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next) {
      return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
        @Override
        public void start(Listener<RespT> listener, Metadata headers) {
          headers.put(AUTHORIZATION, value);
          super.start(listener, headers);
        }
      };
    }
  }
}
