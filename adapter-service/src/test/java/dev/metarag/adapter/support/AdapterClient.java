package dev.metarag.adapter.support;

import dev.metarag.proto.v1.AdapterGrpc;
import dev.metarag.proto.v1.RetrieverGrpc;
import dev.metarag.testing.grpc.RetrieverWithFixtures;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Real gRPC clients of the adapter under test (over loopback on its random test port) and of the
 * retriever it uses.
 */
public final class AdapterClient implements AutoCloseable {
  private final ManagedChannel channel;
  private final ManagedChannel retrieverChannel;
  public final AdapterGrpc.AdapterBlockingStub blocking;
  public final AdapterGrpc.AdapterStub async;
  public final RetrieverGrpc.RetrieverBlockingStub retriever;

  public AdapterClient() {
    int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
    blocking = AdapterGrpc.newBlockingStub(channel);
    async = AdapterGrpc.newStub(channel);
    retrieverChannel =
        ManagedChannelBuilder.forTarget(RetrieverWithFixtures.target()).usePlaintext().build();
    retriever = RetrieverGrpc.newBlockingStub(retrieverChannel);
  }

  /** The channel to the adapter, for calls by method descriptor. */
  public ManagedChannel channel() {
    return channel;
  }

  @Override
  public void close() {
    channel.shutdownNow();
    retrieverChannel.shutdownNow();
  }
}
