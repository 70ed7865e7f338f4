package dev.metarag.testing.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metarag.security.auth.MethodRoles;
import dev.metarag.security.auth.Role;
import dev.metarag.security.client.ClientSecurity;
import dev.metarag.testing.rpc.RpcInvoker;
import dev.metarag.testing.rpc.StreamEnd;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLHandshakeException;
import org.assertj.core.api.SoftAssertions;

/**
 * A service under test that serves TLS only and requires API keys: the checks each secured service
 * must pass, walking every RPC of its descriptor.
 */
public final class SecuredService {
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  private final ServiceDescriptor service;
  private final String target;
  private final TestSecurity security = TestSecurity.get();

  /**
   * @param service the service's descriptor ({@code XxxGrpc.getServiceDescriptor()})
   * @param target host:port of its TLS port
   */
  public SecuredService(ServiceDescriptor service, String target) {
    this.service = service;
    this.target = target;
  }

  /** Every RPC of the service has a line in the role table. */
  public void assertEveryRpcHasARole() {
    List<String> missing = new ArrayList<>();
    for (MethodDescriptor<?, ?> m : service.getMethods()) {
      if (MethodRoles.required(m.getFullMethodName()).isEmpty()) {
        missing.add(m.getFullMethodName());
      }
    }
    assertThat(missing).as("RPCs without a line in MethodRoles").isEmpty();
  }

  /** A TLS client trusting the CA reaches the service. */
  public void assertATlsClientWithTheCaIsServed() {
    withChannel(
        security.client(Role.READ),
        channel -> assertThat(health(channel)).isEqualTo(ServingStatus.SERVING));
  }

  /** A plaintext client gets no answer: the port speaks TLS only. */
  public void assertAPlaintextClientIsRefused() {
    ManagedChannel plaintext = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
    try {
      assertThatThrownBy(() -> health(plaintext))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    } finally {
      plaintext.shutdownNow();
    }
  }

  /** A TLS client that does not trust the CA fails the handshake. */
  public void assertAClientWithoutTheCaFailsTheHandshake() {
    withChannel(
        security.withoutTheCa(),
        channel ->
            assertThatThrownBy(() -> health(channel))
                .isInstanceOfSatisfying(
                    StatusRuntimeException.class,
                    e -> {
                      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                      assertThat(causes(e)).hasAtLeastOneElementOfType(SSLHandshakeException.class);
                    }));
  }

  /**
   * Without a key, with an unknown key or with a malformed header, every RPC is UNAUTHENTICATED.
   */
  public void assertEveryRpcNeedsAKnownKey() {
    SoftAssertions softly = new SoftAssertions();
    withChannel(
        security.noKey(),
        channel -> {
          for (MethodDescriptor<?, ?> m : service.getMethods()) {
            expectUnauthenticated(softly, m, channel, "missing API key");
            expectUnauthenticated(
                softly,
                m,
                withHeader(channel, "authorization", "Bearer not-a-known-key-0123456789"),
                "unknown API key");
            expectUnauthenticated(
                softly, m, withHeader(channel, "x-api-key", "x".repeat(40)), "unknown API key");
            expectUnauthenticated(
                softly,
                m,
                withHeader(channel, "authorization", "Basic " + security.key(Role.ADMIN)),
                "must be 'Bearer <key>'");
          }
        });
    softly.assertAll();
  }

  /**
   * Every RPC, called with an empty request by a key of each role: PERMISSION_DENIED below the role
   * the table asks, and past authentication (whatever the service then says about the empty
   * request, never INTERNAL or UNKNOWN) from it on.
   */
  public void assertEveryRpcNeedsItsRole() {
    SoftAssertions softly = new SoftAssertions();
    for (Role role : Role.values()) {
      withChannel(
          security.client(role),
          channel -> {
            for (MethodDescriptor<?, ?> m : service.getMethods()) {
              Role required = MethodRoles.required(m.getFullMethodName()).orElseThrow();
              Status status = RpcInvoker.callEmpty(channel, m, DEADLINE);
              String what = m.getFullMethodName() + " with the " + role.label() + " key";
              if (role.allows(required)) {
                softly
                    .assertThat(status.getCode())
                    .as(what + ": " + status)
                    .isNotIn(
                        Status.Code.UNAUTHENTICATED,
                        Status.Code.PERMISSION_DENIED,
                        Status.Code.INTERNAL,
                        Status.Code.UNKNOWN);
              } else {
                softly
                    .assertThat(status.getCode())
                    .as(what)
                    .isEqualTo(Status.Code.PERMISSION_DENIED);
                softly
                    .assertThat(status.getDescription())
                    .as(what)
                    .isEqualTo(
                        m.getFullMethodName()
                            + " needs the "
                            + required.label()
                            + " role; key '"
                            + TestSecurity.keyName(role)
                            + "' has the "
                            + role.label()
                            + " role");
              }
            }
          });
    }
    softly.assertAll();
  }

  /** The key may come as {@code x-api-key} instead of {@code authorization: Bearer}. */
  public void assertTheKeyMayComeAsXApiKey(MethodDescriptor<?, ?> readMethod) {
    withChannel(
        security.noKey(),
        channel -> {
          Status status =
              RpcInvoker.callEmpty(
                  withHeader(channel, "x-api-key", security.key(Role.READ)), readMethod, DEADLINE);
          assertThat(status.getCode())
              .as(status.toString())
              .isNotIn(Status.Code.UNAUTHENTICATED, Status.Code.PERMISSION_DENIED);
        });
  }

  /** Health and reflection answer without a key (Kubernetes probes, grpcurl discovery). */
  public void assertHealthAndReflectionNeedNoKey() {
    withChannel(
        security.noKey(),
        channel -> {
          assertThat(health(channel)).isEqualTo(ServingStatus.SERVING);
          assertThat(reflectedServiceNames(channel)).contains(service.getName());
        });
  }

  /** The health of the service over a channel (throws the call's failure). */
  public static ServingStatus health(Channel channel) {
    return HealthGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .check(HealthCheckRequest.getDefaultInstance())
        .getStatus();
  }

  private void withChannel(ClientSecurity client, Consumer<Channel> use) {
    ManagedChannel channel = security.channel(target, client);
    try {
      use.accept(channel);
    } finally {
      channel.shutdownNow();
    }
  }

  private static void expectUnauthenticated(
      SoftAssertions softly, MethodDescriptor<?, ?> m, Channel channel, String message) {
    Status status = RpcInvoker.callEmpty(channel, m, DEADLINE);
    softly
        .assertThat(status.getCode())
        .as(m.getFullMethodName() + " expecting '" + message + "': " + status)
        .isEqualTo(Status.Code.UNAUTHENTICATED);
    softly.assertThat(status.getDescription()).as(m.getFullMethodName()).contains(message);
  }

  private static Channel withHeader(Channel channel, String name, String value) {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value);
    return ClientInterceptors.intercept(
        channel, MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  /**
   * The service names server reflection lists: a ServerReflectionRequest with list_services set
   * (field 7, an empty string) sent as raw bytes, so no reflection stubs are needed; the names are
   * read from the response's bytes.
   */
  private static String reflectedServiceNames(Channel channel) {
    MethodDescriptor<byte[], byte[]> method =
        MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
            .setFullMethodName("grpc.reflection.v1.ServerReflection/ServerReflectionInfo")
            .setRequestMarshaller(new Bytes())
            .setResponseMarshaller(new Bytes())
            .build();
    List<byte[]> responses = new ArrayList<>();
    Status status =
        RpcInvoker.call(
            ClientInterceptors.intercept(channel, new Collecting(responses)),
            method,
            List.of(new byte[] {0x3a, 0x00}),
            StreamEnd.HALF_CLOSE,
            DEADLINE);
    assertThat(status.getCode()).as(status.toString()).isEqualTo(Status.Code.OK);
    StringBuilder text = new StringBuilder();
    responses.forEach(r -> text.append(new String(r, StandardCharsets.ISO_8859_1)));
    return text.toString();
  }

  /** Passes raw bytes through. */
  private static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Keeps the responses of calls made through it. */
  private static final class Collecting implements ClientInterceptor {
    private final List<byte[]> responses;

    Collecting(List<byte[]> responses) {
      this.responses = responses;
    }

    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
        MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next) {
      return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
        @Override
        public void start(Listener<RespT> listener, Metadata headers) {
          super.start(
              new SimpleForwardingClientCallListener<>(listener) {
                @Override
                public void onMessage(RespT message) {
                  responses.add((byte[]) message);
                  super.onMessage(message);
                }
              },
              headers);
        }
      };
    }
  }

  private static List<Throwable> causes(Throwable e) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }
}
