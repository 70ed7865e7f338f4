package dev.metarag.generator.support;

import dev.metarag.proto.v1.GeneratorGrpc;
import dev.metarag.proto.v1.RetrieverGrpc;
import dev.metarag.testing.grpc.RetrieverWithFixtures;
import grpc.health.v1.HealthGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Real gRPC clients of the generator under test (over loopback on its random test port) and of the
 * retriever it uses.
 */
public final class GeneratorClient implements AutoCloseable {
  private final ManagedChannel channel;
  private final ManagedChannel retrieverChannel;
  public final GeneratorGrpc.GeneratorBlockingStub blocking;
  public final RetrieverGrpc.RetrieverBlockingStub retriever;
  public final HealthGrpc.HealthBlockingStub health;

  public GeneratorClient() {
    int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
    blocking = GeneratorGrpc.newBlockingStub(channel);
    health = HealthGrpc.newBlockingStub(channel);
    retrieverChannel =
        ManagedChannelBuilder.forTarget(RetrieverWithFixtures.target()).usePlaintext().build();
    retriever = RetrieverGrpc.newBlockingStub(retrieverChannel);
  }

  /** The channel to the generator, for calls by method descriptor. */
  public ManagedChannel channel() {
    return channel;
  }

  @Override
  public void close() {
    channel.shutdownNow();
    retrieverChannel.shutdownNow();
  }
}
