package dev.metarag.security.auth;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Checks the API key of every incoming call when {@code metarag.auth.enabled} is set: a missing or
 * unknown key is UNAUTHENTICATED; a known key whose role is below what {@link MethodRoles} says the
 * method (or the request) needs is PERMISSION_DENIED. Health and reflection stay open. The key
 * travels as {@code authorization: Bearer <key>} or {@code x-api-key: <key>}; keys are never
 * logged, only the names the key file gives them.
 *
 * <p>A singleton created at start-up, so a bad key file stops the service before it serves.
 */
@Singleton
@Startup
@GlobalInterceptor
public class ApiKeyInterceptor implements ServerInterceptor {
  private static final Logger LOG = Logger.getLogger(ApiKeyInterceptor.class);
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> X_API_KEY =
      Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER);
  private static final String BEARER = "Bearer ";

  @Inject AuthConfig config;

  private KeyFileWatcher keys;

  @PostConstruct
  void start() {
    if (!config.enabled()) {
      LOG.info("API keys are not required (metarag.auth.enabled=false)");
      return;
    }
    Path file =
        config
            .keysFile()
            .orElseThrow(
                () ->
                    new KeyFileException(
                        "metarag.auth.enabled is true but metarag.auth.keys-file is not set:"
                            + " name the API key file"));
    keys = KeyFileWatcher.open(file, config.reloadInterval());
    LOG.infof(
        "API keys required on every call but health and reflection: %d keys from %s",
        keys.keys().size(), file);
  }

  @PreDestroy
  void stop() {
    if (keys != null) {
      keys.close();
    }
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    String method = call.getMethodDescriptor().getFullMethodName();
    if (keys == null || MethodRoles.isOpen(method)) {
      return next.startCall(call, headers);
    }
    Presented presented = presented(headers);
    if (presented.problem != null) {
      return refuse(call, Status.UNAUTHENTICATED.withDescription(presented.problem));
    }
    Optional<ApiKey> key = keys.keys().find(presented.key);
    if (key.isEmpty()) {
      LOG.debugf("unknown API key presented for %s", method);
      return refuse(
          call,
          Status.UNAUTHENTICATED.withDescription(
              "unknown API key: use a key from the service's key file"));
    }
    Optional<Role> required = MethodRoles.required(method);
    if (required.isEmpty()) {
      return refuse(
          call,
          Status.PERMISSION_DENIED.withDescription(
              method + " has no line in the role table (MethodRoles), so no key may call it"));
    }
    if (!key.get().role().allows(required.get())) {
      return refuse(call, denied(method, required.get(), key.get(), ""));
    }
    ServerCall.Listener<ReqT> listener = next.startCall(call, headers);
    if (!MethodRoles.PROMOTE_POLICY_FIELD.containsKey(method) || key.get().role() == Role.ADMIN) {
      return listener;
    }
    return new RequestRoleCheck<>(listener, call, method, required.get(), key.get());
  }

  /**
   * Refuses requests that ask for more than the method's role, such as an adaptation that promotes.
   */
  private static final class RequestRoleCheck<ReqT, RespT>
      extends SimpleForwardingServerCallListener<ReqT> {
    private final ServerCall<ReqT, RespT> call;
    private final String method;
    private final Role methodRole;
    private final ApiKey key;
    private boolean refused;

    RequestRoleCheck(
        ServerCall.Listener<ReqT> delegate,
        ServerCall<ReqT, RespT> call,
        String method,
        Role methodRole,
        ApiKey key) {
      super(delegate);
      this.call = call;
      this.method = method;
      this.methodRole = methodRole;
      this.key = key;
    }

    @Override
    public void onMessage(ReqT message) {
      if (refused) {
        return;
      }
      Role required = MethodRoles.requiredFor(method, methodRole, message);
      if (!key.role().allows(required)) {
        refused = true;
        call.close(
            denied(
                method,
                required,
                key,
                " to promote: register with promote PROMOTE_POLICY_NEVER and let an admin call"
                    + " PromoteVersion"),
            new Metadata());
        return;
      }
      super.onMessage(message);
    }

    @Override
    public void onHalfClose() {
      if (!refused) {
        super.onHalfClose();
      }
    }
  }

  private static Status denied(String method, Role required, ApiKey key, String why) {
    LOG.debugf("%s refused to key '%s' (role %s)", method, key.name(), key.role().label());
    return Status.PERMISSION_DENIED.withDescription(
        method
            + " needs the "
            + required.label()
            + " role"
            + why
            + "; key '"
            + key.name()
            + "' has the "
            + key.role().label()
            + " role");
  }

  private static <ReqT, RespT> ServerCall.Listener<ReqT> refuse(
      ServerCall<ReqT, RespT> call, Status status) {
    call.close(status, new Metadata());
    return new ServerCall.Listener<>() {};
  }

  /** The key a call presents, or why there is none. */
  private record Presented(String key, String problem) {}

  private static Presented presented(Metadata headers) {
    String authorization = headers.get(AUTHORIZATION);
    if (authorization != null) {
      if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
        return new Presented(
            null, "the authorization header must be 'Bearer <key>' (or send 'x-api-key: <key>')");
      }
      String key = authorization.substring(BEARER.length()).strip();
      return key.isEmpty()
          ? new Presented(null, "the authorization header has 'Bearer' but no key")
          : new Presented(key, null);
    }
    String key = headers.get(X_API_KEY);
    if (key == null || key.isBlank()) {
      return new Presented(
          null, "missing API key: send 'authorization: Bearer <key>' or 'x-api-key: <key>'");
    }
    return new Presented(key.strip(), null);
  }
}
