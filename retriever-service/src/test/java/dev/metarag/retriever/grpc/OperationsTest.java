package dev.metarag.retriever.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metarag.proto.v1.RetrievalMode;
import dev.metarag.proto.v1.RetrieveRequest;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What operators and grpcurl rely on: health, reflection, metrics and deadlines. */
@QuarkusTest
class OperationsTest {
  private GrpcTestClient client;

  @BeforeEach
  void connect() {
    client = new GrpcTestClient();
  }

  @AfterEach
  void disconnect() throws InterruptedException {
    client.close();
  }

  @Test
  void grpcHealthReportsServing() {
    HealthCheckResponse health =
        HealthGrpc.newBlockingStub(client.channel).check(HealthCheckRequest.getDefaultInstance());

    assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
  }

  @Test
  void reflectionListsTheRetrieverService() throws Exception {
    CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> requests =
        ServerReflectionGrpc.newStub(client.channel)
            .serverReflectionInfo(
                new StreamObserver<>() {
                  public void onNext(ServerReflectionResponse r) {
                    answer.complete(r);
                  }

                  public void onError(Throwable t) {
                    answer.completeExceptionally(t);
                  }

                  public void onCompleted() {}
                });
    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("*").build());

    ServerReflectionResponse r = answer.get(10, TimeUnit.SECONDS);
    requests.onCompleted();

    assertThat(r.getListServicesResponse().getServiceList())
        .extracting(ServiceResponse::getName)
        .contains("metarag.v1.Retriever", "grpc.health.v1.Health");
  }

  @Test
  void prometheusMetricsHaveLatencyHistogramsPerMode() throws Exception {
    client.create("ops-metrics");
    client.ingest("ops-metrics", SampleCorpus.documents());
    client.blocking.retrieve(
        RetrieveRequest.newBuilder()
            .setCollection("ops-metrics")
            .setQuery("battery")
            .setMode(RetrievalMode.RETRIEVAL_MODE_BM25)
            .build());
    int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);

    String metrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();

    assertThat(metrics)
        .contains("metarag_retriever_search_seconds_bucket{mode=\"bm25\"")
        .contains("metarag_retriever_ingest_documents_total")
        .contains("grpc_server_processing_duration_seconds");
  }

  @Test
  void anExpiredDeadlineEndsTheCallAndTheServiceStaysHealthy() {
    assertThatThrownBy(
            () ->
                client
                    .blocking
                    .withDeadlineAfter(1, TimeUnit.MILLISECONDS)
                    .retrieve(
                        RetrieveRequest.newBuilder()
                            .setCollection("ops-deadline")
                            .setQuery("x".repeat(4000))
                            .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e ->
                assertThat(e.getStatus().getCode())
                    .isIn(Status.Code.DEADLINE_EXCEEDED, Status.Code.NOT_FOUND));
    assertThat(
            HealthGrpc.newBlockingStub(client.channel)
                .check(HealthCheckRequest.getDefaultInstance())
                .getStatus())
        .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
  }
}
