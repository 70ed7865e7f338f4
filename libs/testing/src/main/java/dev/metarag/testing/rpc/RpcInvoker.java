package dev.metarag.testing.rpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.PrototypeMarshaller;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Calls an RPC by its method descriptor and returns the status it ended with. */
public final class RpcInvoker {
  private RpcInvoker() {}

  /** The default instance of a method's request message. */
  public static Object emptyRequest(MethodDescriptor<?, ?> method) {
    if (method.getRequestMarshaller() instanceof PrototypeMarshaller<?> prototype) {
      return prototype.getMessagePrototype();
    }
    throw new IllegalArgumentException(method.getFullMethodName() + " has no protobuf marshaller");
  }

  /** Sends one empty request and half-closes. */
  public static Status callEmpty(
      Channel channel, MethodDescriptor<?, ?> method, Duration deadline) {
    return call(channel, method, List.of(emptyRequest(method)), StreamEnd.HALF_CLOSE, deadline);
  }

  /**
   * Sends {@code requests} (a unary call takes exactly one), ends the call as {@code end} says and
   * waits for its status; OK when it completed normally.
   */
  @SuppressWarnings("unchecked")
  public static Status call(
      Channel channel,
      MethodDescriptor<?, ?> method,
      List<?> requests,
      StreamEnd end,
      Duration deadline) {
    return invoke(
        channel, (MethodDescriptor<Object, Object>) method, (List<Object>) requests, end, deadline);
  }

  private static Status invoke(
      Channel channel,
      MethodDescriptor<Object, Object> method,
      List<Object> requests,
      StreamEnd end,
      Duration deadline) {
    if (method.getType().clientSendsOneMessage() && requests.size() != 1) {
      throw new IllegalArgumentException(
          method.getFullMethodName() + " takes one request, given " + requests.size());
    }
    ClientCall<Object, Object> call =
        channel.newCall(
            method,
            CallOptions.DEFAULT.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS));
    CompletableFuture<Status> closed = new CompletableFuture<>();
    call.start(
        new ClientCall.Listener<>() {
          @Override
          public void onMessage(Object message) {
            if (end == StreamEnd.CANCEL_AFTER_FIRST_RESPONSE) {
              call.cancel("the test stops listening after the first response", null);
            }
          }

          @Override
          public void onClose(Status status, Metadata trailers) {
            closed.complete(status);
          }
        },
        new Metadata());
    call.request(Integer.MAX_VALUE);
    for (Object request : requests) {
      call.sendMessage(request);
    }
    if (end == StreamEnd.CANCEL_AFTER_SENDING) {
      call.cancel("the test ends the stream early", null);
    } else {
      call.halfClose();
    }
    try {
      return closed.get(deadline.toMillis() + 10_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          method.getFullMethodName() + " did not close within its deadline", e);
    }
  }
}
