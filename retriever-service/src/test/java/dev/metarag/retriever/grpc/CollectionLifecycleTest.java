package dev.metarag.retriever.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metarag.proto.v1.ChunkingSpec;
import dev.metarag.proto.v1.CollectionInfo;
import dev.metarag.proto.v1.CreateCollectionRequest;
import dev.metarag.proto.v1.DeleteCollectionRequest;
import dev.metarag.proto.v1.DescribeCollectionRequest;
import dev.metarag.proto.v1.LexicalAnalyzer;
import dev.metarag.proto.v1.ListCollectionsRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CollectionLifecycleTest {
  private GrpcTestClient client;

  @BeforeEach
  void connect() {
    client = new GrpcTestClient();
  }

  @AfterEach
  void disconnect() throws InterruptedException {
    client.close();
  }

  static void assertStatus(ThrowingCallable call, Status.Code code, String messagePart) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(code);
              assertThat(e.getStatus().getDescription()).contains(messagePart);
            });
  }

  @Test
  void createFillsInDefaultsAndDescribesAnEmptyCollection() {
    CollectionInfo created =
        client
            .blocking
            .createCollection(
                CreateCollectionRequest.newBuilder()
                    .setName("lifecycle-defaults")
                    .setDescription("tests")
                    .build())
            .getCollection();

    assertThat(created.getChunking().getWindowTokens()).isEqualTo(200);
    assertThat(created.getChunking().getStrideTokens()).isEqualTo(150);
    assertThat(created.getLexicalAnalyzer()).isEqualTo(LexicalAnalyzer.LEXICAL_ANALYZER_ENGLISH);
    assertThat(created.getDocumentEncoder().getName()).isEqualTo("all-minilm-l6-v2");
    assertThat(created.getDocumentEncoder().getDimension()).isEqualTo(384);
    assertThat(created.getQueryEncoder()).isEqualTo(created.getDocumentEncoder());
    assertThat(created.getDocumentCount()).isZero();
    assertThat(created.getBytesOnDisk()).isPositive();

    CollectionInfo described =
        client
            .blocking
            .describeCollection(
                DescribeCollectionRequest.newBuilder().setName("lifecycle-defaults").build())
            .getCollection();
    assertThat(described.getDescription()).isEqualTo("tests");
    assertThat(described.getCreatedAtMillis()).isEqualTo(created.getCreatedAtMillis());
  }

  @Test
  void listShowsCollectionsSortedByName() {
    client.create("lifecycle-list-b");
    client.create("lifecycle-list-a");

    assertThat(
            client
                .blocking
                .listCollections(ListCollectionsRequest.getDefaultInstance())
                .getCollectionsList())
        .extracting(CollectionInfo::getName)
        .containsSubsequence("lifecycle-list-a", "lifecycle-list-b");
  }

  @Test
  void deleteRemovesTheCollection() {
    client.create("lifecycle-delete");

    client.blocking.deleteCollection(
        DeleteCollectionRequest.newBuilder().setName("lifecycle-delete").build());

    assertStatus(
        () ->
            client.blocking.describeCollection(
                DescribeCollectionRequest.newBuilder().setName("lifecycle-delete").build()),
        Status.Code.NOT_FOUND,
        "does not exist");
    // The name is free again.
    client.create("lifecycle-delete");
  }

  @Test
  void aDuplicateCreateIsAlreadyExists() {
    client.create("lifecycle-dup");

    assertStatus(
        () -> client.create("lifecycle-dup"), Status.Code.ALREADY_EXISTS, "already exists");
  }

  @Test
  void namesThatCouldEscapeTheDataDirectoryAreRejected() {
    for (String bad :
        new String[] {"", "../etc", "a/b", "UPPER", ".hidden", "x".repeat(65), "a b"}) {
      assertStatus(() -> client.create(bad), Status.Code.INVALID_ARGUMENT, "collection name");
    }
  }

  @Test
  void chunkingOutOfRangeIsInvalidArgument() {
    assertStatus(
        () ->
            client.blocking.createCollection(
                CreateCollectionRequest.newBuilder()
                    .setName("lifecycle-bad-window")
                    .setChunking(ChunkingSpec.newBuilder().setWindowTokens(1000))
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "window_tokens");
    assertStatus(
        () ->
            client.blocking.createCollection(
                CreateCollectionRequest.newBuilder()
                    .setName("lifecycle-bad-stride")
                    .setChunking(ChunkingSpec.newBuilder().setWindowTokens(64).setStrideTokens(65))
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "stride_tokens");
  }

  @Test
  void unknownEncoderAndAnalyzerAreInvalidArgument() {
    assertStatus(
        () ->
            client.blocking.createCollection(
                CreateCollectionRequest.newBuilder()
                    .setName("lifecycle-enc")
                    .setEncoder("gpt-9")
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "all-minilm-l6-v2");
    assertStatus(
        () ->
            client.blocking.createCollection(
                CreateCollectionRequest.newBuilder()
                    .setName("lifecycle-analyzer")
                    .setLexicalAnalyzerValue(42)
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "lexical_analyzer");
  }

  @Test
  void unknownCollectionsAreNotFound() {
    assertStatus(
        () ->
            client.blocking.describeCollection(
                DescribeCollectionRequest.newBuilder().setName("nope").build()),
        Status.Code.NOT_FOUND,
        "'nope'");
    assertStatus(
        () ->
            client.blocking.deleteCollection(
                DeleteCollectionRequest.newBuilder().setName("nope").build()),
        Status.Code.NOT_FOUND,
        "'nope'");
  }
}
