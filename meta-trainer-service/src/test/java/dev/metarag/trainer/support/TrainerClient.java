package dev.metarag.trainer.support;

import dev.metarag.proto.v1.MetaTrainerGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import org.eclipse.microprofile.config.ConfigProvider;

/** A real gRPC client of the trainer under test, over loopback on its random test port. */
public final class TrainerClient implements AutoCloseable {
  private final ManagedChannel channel;
  public final MetaTrainerGrpc.MetaTrainerBlockingStub blocking;

  public TrainerClient() {
    int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
    blocking = MetaTrainerGrpc.newBlockingStub(channel);
  }

  /** The channel to the trainer, for calls by method descriptor. */
  public ManagedChannel channel() {
    return channel;
  }

  @Override
  public void close() {
    channel.shutdownNow();
  }
}
