package dev.metarag.security.limits;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.inject.Singleton;

/**
 * Cuts status messages longer than {@link #MAX_CHARS} characters. A message travels in an HTTP/2
 * trailer, and clients refuse trailers past a few kilobytes (grpc-java: 8 KiB) by resetting the
 * stream, so a message quoting a huge request field would reach the caller as INTERNAL instead of
 * the status the service chose. Messages should not quote unbounded input in the first place; this
 * is the net under that rule, and the cut is marked so that tests can find who broke it.
 */
@Singleton
@GlobalInterceptor
public class BoundedStatusMessages implements ServerInterceptor {
  public static final int MAX_CHARS = 1024;

  /** What a cut message ends with. */
  public static final String CUT_MARK = " [message cut: ";

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    return next.startCall(
        new SimpleForwardingServerCall<>(call) {
          @Override
          public void close(Status status, Metadata trailers) {
            super.close(bounded(status), trailers);
          }
        },
        headers);
  }

  /** The status with its message cut to {@link #MAX_CHARS} characters. */
  public static Status bounded(Status status) {
    String message = status.getDescription();
    if (message == null || message.length() <= MAX_CHARS) {
      return status;
    }
    return status.withDescription(
        message.substring(0, MAX_CHARS) + CUT_MARK + message.length() + " characters]");
  }
}
