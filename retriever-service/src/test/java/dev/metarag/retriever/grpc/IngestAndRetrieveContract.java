package dev.metarag.retriever.grpc;

import static dev.metarag.retriever.grpc.CollectionLifecycleTest.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metarag.proto.v1.ChunkingSpec;
import dev.metarag.proto.v1.CollectionBackend;
import dev.metarag.proto.v1.CreateCollectionRequest;
import dev.metarag.proto.v1.DeleteDocumentsRequest;
import dev.metarag.proto.v1.DeleteDocumentsResponse;
import dev.metarag.proto.v1.DescribeCollectionRequest;
import dev.metarag.proto.v1.Document;
import dev.metarag.proto.v1.FusionMethod;
import dev.metarag.proto.v1.FusionSpec;
import dev.metarag.proto.v1.IngestResponse;
import dev.metarag.proto.v1.LookupDocumentsRequest;
import dev.metarag.proto.v1.LookupDocumentsResponse;
import dev.metarag.proto.v1.MetadataFilter;
import dev.metarag.proto.v1.RetrievalMode;
import dev.metarag.proto.v1.RetrieveRequest;
import dev.metarag.proto.v1.RetrieveResponse;
import dev.metarag.proto.v1.RetrievedPassage;
import dev.metarag.proto.v1.StoredDocument;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The retriever's contract, run against each backend by a subclass: the same requests must give the
 * same answers (and the same status codes) whether passages live in the embedded Lucene index or in
 * SolrCloud.
 */
abstract class IngestAndRetrieveContract {
  GrpcTestClient client;

  /** The backend every collection of these tests is created on. */
  abstract CollectionBackend backend();

  void create(String name) {
    client.blocking.createCollection(
        CreateCollectionRequest.newBuilder().setName(name).setBackend(backend()).build());
  }

  @BeforeEach
  void connect() {
    client = new GrpcTestClient();
  }

  @AfterEach
  void disconnect() throws InterruptedException {
    client.close();
  }

  String corpus(String name) throws Exception {
    create(name);
    client.ingest(name, SampleCorpus.documents());
    return name;
  }

  RetrieveResponse retrieve(String collection, String query, RetrievalMode mode, int topK) {
    return client.blocking.retrieve(
        RetrieveRequest.newBuilder()
            .setCollection(collection)
            .setQuery(query)
            .setMode(mode)
            .setTopK(topK)
            .build());
  }

  @Test
  void ingestAcknowledgesCountsAndDescribeSeesThem() throws Exception {
    create("ingest-counts");

    IngestResponse ack = client.ingest("ingest-counts", SampleCorpus.documents());

    assertThat(ack.getCollection()).isEqualTo("ingest-counts");
    assertThat(ack.getDocumentsUpserted()).isEqualTo(5);
    assertThat(ack.getDocumentsReplaced()).isZero();
    assertThat(ack.getPassagesIndexed()).isEqualTo(5); // every sample document fits one window
    var info =
        client
            .blocking
            .describeCollection(
                DescribeCollectionRequest.newBuilder().setName("ingest-counts").build())
            .getCollection();
    assertThat(info.getDocumentCount()).isEqualTo(5);
    assertThat(info.getPassageCount()).isEqualTo(5);
    assertThat(info.getBackend()).isEqualTo(backend());
  }

  @Test
  void eachModeFindsTheRelevantPassage() throws Exception {
    String c = corpus("retrieve-modes");

    for (RetrievalMode mode :
        List.of(
            RetrievalMode.RETRIEVAL_MODE_BM25,
            RetrievalMode.RETRIEVAL_MODE_DENSE,
            RetrievalMode.RETRIEVAL_MODE_HYBRID)) {
      RetrieveResponse r = retrieve(c, "How long does the battery last?", mode, 3);
      assertThat(r.getPassages(0).getDocumentId())
          .as("top hit in %s", mode)
          .isEqualTo("lumio-battery");
    }
    // Paraphrase with no shared content word: only the dense channel can see it.
    RetrieveResponse dense =
        retrieve(
            c,
            "Which firms receive my personal information for marketing?",
            RetrievalMode.RETRIEVAL_MODE_DENSE,
            1);
    assertThat(dense.getPassages(0).getDocumentId()).isEqualTo("policy-sharing");
  }

  @Test
  void hitsCarryOffsetsChannelScoresAndMetadata() throws Exception {
    String c = corpus("retrieve-hits");

    RetrieveResponse r = retrieve(c, "battery charge time", RetrievalMode.RETRIEVAL_MODE_HYBRID, 5);

    RetrievedPassage top = r.getPassages(0);
    assertThat(top.getPassageId()).isEqualTo("lumio-battery#0");
    assertThat(top.getText())
        .isEqualTo(SampleCorpus.BATTERY_TEXT.substring(top.getStartChar(), top.getEndChar()));
    assertThat(top.getBm25().getMatched()).isTrue();
    assertThat(top.getBm25().getRank()).isEqualTo(1);
    assertThat(top.getDense().getMatched()).isTrue();
    assertThat(top.getDense().getScore()).isBetween(0f, 1f);
    // RRF with k=60 and unit weights: rank 1 in both channels gives 2/61.
    assertThat(top.getScore()).isCloseTo(2f / 61f, org.assertj.core.data.Offset.offset(1e-6f));
    assertThat(top.getMetadataMap()).containsEntry("item", "lumio-x2");
    assertThat(r.getQueryEncoder().getName()).isEqualTo("all-minilm-l6-v2");
    assertThat(r.getPassagesList())
        .extracting(RetrievedPassage::getScore)
        .isSortedAccordingTo((a, b) -> Float.compare(b, a));
  }

  @Test
  void linearFusionWeighsChannels() throws Exception {
    String c = corpus("retrieve-linear");

    RetrieveResponse r =
        client.blocking.retrieve(
            RetrieveRequest.newBuilder()
                .setCollection(c)
                .setQuery("battery charge")
                .setMode(RetrievalMode.RETRIEVAL_MODE_HYBRID)
                .setFusion(
                    FusionSpec.newBuilder()
                        .setMethod(FusionMethod.FUSION_METHOD_LINEAR)
                        .setBm25Weight(0.3f)
                        .setDenseWeight(0.7f))
                .setTopK(5)
                .build());

    // The best passage in both channels normalises to 1 in each: 0.3 + 0.7.
    assertThat(r.getPassages(0).getScore())
        .isCloseTo(1.0f, org.assertj.core.data.Offset.offset(1e-5f));
  }

  @Test
  void metadataFiltersRestrictEveryMode() throws Exception {
    String c = corpus("retrieve-filters");

    for (RetrievalMode mode :
        List.of(
            RetrievalMode.RETRIEVAL_MODE_BM25,
            RetrievalMode.RETRIEVAL_MODE_DENSE,
            RetrievalMode.RETRIEVAL_MODE_HYBRID)) {
      RetrieveResponse r =
          client.blocking.retrieve(
              RetrieveRequest.newBuilder()
                  .setCollection(c)
                  .setQuery("battery of the phone and the kettle")
                  .setMode(mode)
                  .setTopK(10)
                  .addFilters(
                      MetadataFilter.newBuilder()
                          .setKey("item")
                          .addAnyOf("brewmaster")
                          .addAnyOf("nothing"))
                  .build());
      assertThat(r.getPassagesList())
          .as("mode %s", mode)
          .extracting(RetrievedPassage::getDocumentId)
          .containsExactly("kettle");
    }
  }

  @Test
  void aCallersVectorReplacesTheQueryText() throws Exception {
    String c = corpus("retrieve-vector");
    RetrieveResponse byText =
        retrieve(c, "noisy night photos", RetrievalMode.RETRIEVAL_MODE_DENSE, 1);
    assertThat(byText.getPassages(0).getDocumentId()).isEqualTo("lumio-camera");

    // Use the camera passage's own best match direction: the embedding of its text, scaled by 3
    // (the
    // service normalises it).
    float[] v = new float[384];
    RetrieveResponse any =
        retrieve(c, SampleCorpus.CAMERA_TEXT, RetrievalMode.RETRIEVAL_MODE_DENSE, 1);
    assertThat(any.getPassages(0).getDense().getScore()).isGreaterThan(0.9f);
    RetrieveRequest.Builder req =
        RetrieveRequest.newBuilder()
            .setCollection(c)
            .setMode(RetrievalMode.RETRIEVAL_MODE_DENSE)
            .setTopK(1);
    // A one-hot vector is a legal query too: it must return some passage without an encoder.
    v[7] = 3f;
    for (float x : v) {
      req.addQueryVector(x);
    }
    RetrieveResponse byVector = client.blocking.retrieve(req.build());
    assertThat(byVector.getPassagesCount()).isEqualTo(1);
    assertThat(byVector.hasQueryEncoder()).isFalse();
  }

  @Test
  void passagesCarryTheirStoredEmbeddingsOnlyWhenAsked() throws Exception {
    String c = corpus("retrieve-embeddings");
    RetrieveRequest.Builder req =
        RetrieveRequest.newBuilder()
            .setCollection(c)
            .setQuery("noisy night photos")
            .setMode(RetrievalMode.RETRIEVAL_MODE_HYBRID)
            .setTopK(3);
    assertThat(client.blocking.retrieve(req.build()).getPassages(0).getEmbeddingCount()).isZero();

    RetrieveResponse withVectors = client.blocking.retrieve(req.setIncludeEmbeddings(true).build());
    for (var passage : withVectors.getPassagesList()) {
      double norm = 0;
      for (float x : passage.getEmbeddingList()) {
        norm += x * x;
      }
      assertThat(passage.getEmbeddingCount()).isEqualTo(384);
      assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    }
    // A passage's own embedding, sent back as the query vector, finds that passage first.
    var second = withVectors.getPassages(1);
    RetrieveResponse self =
        client.blocking.retrieve(
            RetrieveRequest.newBuilder()
                .setCollection(c)
                .setMode(RetrievalMode.RETRIEVAL_MODE_DENSE)
                .addAllQueryVector(second.getEmbeddingList())
                .setTopK(1)
                .build());
    assertThat(self.getPassages(0).getPassageId()).isEqualTo(second.getPassageId());
  }

  @Test
  void reingestingADocumentReplacesAllItsPassages() throws Exception {
    client.blocking.createCollection(
        CreateCollectionRequest.newBuilder()
            .setName("ingest-replace")
            .setBackend(backend())
            .setChunking(ChunkingSpec.newBuilder().setWindowTokens(16).setStrideTokens(16))
            .build());
    client.ingest("ingest-replace", SampleCorpus.documents());
    String longer = SampleCorpus.BATTERY_TEXT;
    Document shorter =
        GrpcTestClient.doc("lumio-battery", "Lumio X2 review", "The battery is small.", Map.of());

    IngestResponse ack = client.ingest("ingest-replace", List.of(shorter));

    assertThat(ack.getDocumentsReplaced()).isEqualTo(1);
    RetrieveResponse r =
        retrieve("ingest-replace", "battery", RetrievalMode.RETRIEVAL_MODE_BM25, 20);
    assertThat(r.getPassagesList())
        .filteredOn(p -> p.getDocumentId().equals("lumio-battery"))
        .extracting(RetrievedPassage::getText)
        .containsExactly("The battery is small.");
    assertThat(longer).isNotEqualTo(shorter.getText());
  }

  @Test
  void searchesSeeDocumentsWhileTheIngestStreamIsStillOpen() throws Exception {
    create("ingest-nrt");
    GrpcTestClient.IngestStream stream = client.openIngest();
    for (Document d : SampleCorpus.documents()) {
      stream.send("ingest-nrt", d);
    }

    // Batches of two are indexed as they arrive; the kettle is in the second batch.
    org.awaitility.Awaitility.await()
        .atMost(30, TimeUnit.SECONDS)
        .until(
            () ->
                retrieve("ingest-nrt", "kettle boils water", RetrievalMode.RETRIEVAL_MODE_BM25, 1)
                        .getPassagesCount()
                    == 1);
    assertThat(stream.complete().getDocumentsUpserted()).isEqualTo(5);
  }

  @Test
  void deleteDocumentsRemovesThemAndReportsUnknownIds() throws Exception {
    String c = corpus("delete-docs");

    DeleteDocumentsResponse deleted =
        client.blocking.deleteDocuments(
            DeleteDocumentsRequest.newBuilder()
                .setCollection(c)
                .addDocumentIds("kettle")
                .addDocumentIds("ghost")
                .build());

    assertThat(deleted.getDocumentsDeleted()).isEqualTo(1);
    assertThat(deleted.getPassagesDeleted()).isEqualTo(1);
    assertThat(deleted.getNotFoundIdsList()).containsExactly("ghost");
    assertThat(retrieve(c, "kettle", RetrievalMode.RETRIEVAL_MODE_BM25, 5).getPassagesList())
        .extracting(RetrievedPassage::getDocumentId)
        .doesNotContain("kettle");
  }

  @Test
  void lookupDocumentsTellsWhichAreStoredWithTheirPassages() throws Exception {
    client.blocking.createCollection(
        CreateCollectionRequest.newBuilder()
            .setName("lookup-docs")
            .setBackend(backend())
            .setChunking(ChunkingSpec.newBuilder().setWindowTokens(16).setStrideTokens(16))
            .build());
    IngestResponse ack = client.ingest("lookup-docs", SampleCorpus.documents());
    LookupDocumentsRequest ask =
        LookupDocumentsRequest.newBuilder()
            .setCollection("lookup-docs")
            .addAllDocumentIds(List.of("lumio-battery", "ghost", "kettle", "lumio-battery"))
            .build();

    LookupDocumentsResponse found = client.blocking.lookupDocuments(ask);

    assertThat(found.getDocumentsList())
        .extracting(StoredDocument::getDocumentId)
        .containsExactly("lumio-battery", "kettle");
    assertThat(found.getDocuments(0).getPassages()).isGreaterThan(1);
    assertThat(found.getDocuments(1).getPassages()).isPositive();
    assertThat(found.getNotFoundIdsList()).containsExactly("ghost");
    long passages = 0;
    for (Document d : SampleCorpus.documents()) {
      passages +=
          client
              .blocking
              .lookupDocuments(
                  LookupDocumentsRequest.newBuilder()
                      .setCollection("lookup-docs")
                      .addDocumentIds(d.getId())
                      .build())
              .getDocuments(0)
              .getPassages();
    }
    assertThat(passages).isEqualTo(ack.getPassagesIndexed());

    client.blocking.deleteDocuments(
        DeleteDocumentsRequest.newBuilder()
            .setCollection("lookup-docs")
            .addDocumentIds("kettle")
            .build());
    assertThat(client.blocking.lookupDocuments(ask).getNotFoundIdsList())
        .containsExactly("ghost", "kettle");
  }

  @Test
  void badLookupsGetInvalidArgumentOrNotFound() throws Exception {
    String c = corpus("lookup-bad");
    LookupDocumentsRequest ok =
        LookupDocumentsRequest.newBuilder().setCollection(c).addDocumentIds("kettle").build();

    assertStatus(
        () -> client.blocking.lookupDocuments(ok.toBuilder().setCollection("missing").build()),
        Status.Code.NOT_FOUND,
        "missing");
    assertStatus(
        () -> client.blocking.lookupDocuments(ok.toBuilder().clearDocumentIds().build()),
        Status.Code.INVALID_ARGUMENT,
        "document_ids is empty");
    assertStatus(
        () -> client.blocking.lookupDocuments(ok.toBuilder().addDocumentIds("").build()),
        Status.Code.INVALID_ARGUMENT,
        "document_ids[1]");
    LookupDocumentsRequest.Builder tooMany = ok.toBuilder().clearDocumentIds();
    for (int i = 0; i <= 1000; i++) {
      tooMany.addDocumentIds("doc-" + i);
    }
    assertStatus(
        () -> client.blocking.lookupDocuments(tooMany.build()),
        Status.Code.INVALID_ARGUMENT,
        "number of document_ids is 1001; the limit is 1000");
  }

  @Test
  void badRetrieveRequestsGetInvalidArgumentOrNotFound() throws Exception {
    String c = corpus("retrieve-bad");
    RetrieveRequest ok = RetrieveRequest.newBuilder().setCollection(c).setQuery("battery").build();

    assertStatus(
        () -> client.blocking.retrieve(ok.toBuilder().setCollection("missing").build()),
        Status.Code.NOT_FOUND,
        "missing");
    assertStatus(
        () -> client.blocking.retrieve(ok.toBuilder().setQuery("  ").build()),
        Status.Code.INVALID_ARGUMENT,
        "query is empty");
    assertStatus(
        () -> client.blocking.retrieve(ok.toBuilder().setTopK(101).build()),
        Status.Code.INVALID_ARGUMENT,
        "top_k");
    assertStatus(
        () -> client.blocking.retrieve(ok.toBuilder().setTopK(-1).build()),
        Status.Code.INVALID_ARGUMENT,
        "top_k");
    assertStatus(
        () -> client.blocking.retrieve(ok.toBuilder().setQuery("x".repeat(5000)).build()),
        Status.Code.INVALID_ARGUMENT,
        "query length");
    assertStatus(
        () -> client.blocking.retrieve(ok.toBuilder().setModeValue(9).build()),
        Status.Code.INVALID_ARGUMENT,
        "mode");
    assertStatus(
        () ->
            client.blocking.retrieve(
                ok.toBuilder()
                    .setMode(RetrievalMode.RETRIEVAL_MODE_DENSE)
                    .addQueryVector(1f)
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "384");
    assertStatus(
        () ->
            client.blocking.retrieve(
                ok.toBuilder().addFilters(MetadataFilter.newBuilder().setKey("item")).build()),
        Status.Code.INVALID_ARGUMENT,
        "any_of");
    assertStatus(
        () ->
            client.blocking.retrieve(
                ok.toBuilder().setFusion(FusionSpec.newBuilder().setBm25Weight(-1f)).build()),
        Status.Code.INVALID_ARGUMENT,
        "weights");
    // The collection is intact after all that.
    assertThat(client.blocking.retrieve(ok).getPassagesCount()).isPositive();
  }

  @Test
  void badDocumentsFailTheStreamWithTheirPosition() throws Exception {
    create("ingest-bad");
    List<Document> good = SampleCorpus.documents();

    assertIngestFails(
        List.of(good.get(0), GrpcTestClient.doc("", "", "text", Map.of())),
        "document #1: id is required");
    assertIngestFails(List.of(GrpcTestClient.doc("empty", "", "   ", Map.of())), "text is empty");
    assertIngestFails(
        List.of(GrpcTestClient.doc("huge", "", "word ".repeat(250_000), Map.of())),
        "the limit is 1000000");
    assertIngestFails(
        List.of(GrpcTestClient.doc("meta", "", "text", Map.of("bad key!", "v"))), "metadata key");
    GrpcTestClient.IngestStream wrongCollection = client.openIngest();
    wrongCollection.send("no-such-collection", good.get(0));
    assertThatThrownBy(wrongCollection::complete)
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  private void assertIngestFails(List<Document> docs, String messagePart) {
    assertThatThrownBy(() -> client.ingest("ingest-bad", docs))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).contains(messagePart);
            });
  }
}
