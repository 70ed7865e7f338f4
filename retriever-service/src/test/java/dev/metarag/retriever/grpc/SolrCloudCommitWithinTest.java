package dev.metarag.retriever.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.metarag.proto.v1.CollectionBackend;
import dev.metarag.proto.v1.CreateCollectionRequest;
import dev.metarag.proto.v1.DeleteDocumentsRequest;
import dev.metarag.proto.v1.DescribeCollectionRequest;
import dev.metarag.proto.v1.Document;
import dev.metarag.proto.v1.IngestResponse;
import dev.metarag.proto.v1.RetrievalMode;
import dev.metarag.proto.v1.RetrieveRequest;
import dev.metarag.proto.v1.RetrievedPassage;
import dev.metarag.retriever.solr.SolrCloudTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The commit-within policy on a real SolrCloud: an Ingest or DeleteDocuments reply comes once Solr
 * accepted the writes, and searches see them within the configured time (200 ms here) rather than
 * at once. DescribeCollection's counts are searches too, so they follow with the same delay.
 */
@QuarkusTest
@WithTestResource(
    value = SolrCloudTestResource.class,
    initArgs = @ResourceArg(name = "commit-policy", value = "commit-within"))
class SolrCloudCommitWithinTest {
  private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(20);
  private GrpcTestClient client;

  @BeforeEach
  void connect() {
    client = new GrpcTestClient();
  }

  @AfterEach
  void disconnect() throws InterruptedException {
    client.close();
  }

  private void create(String name) {
    client.blocking.createCollection(
        CreateCollectionRequest.newBuilder()
            .setName(name)
            .setBackend(CollectionBackend.COLLECTION_BACKEND_SOLRCLOUD)
            .build());
  }

  private List<String> documentsFound(String collection, String query) {
    return client
        .blocking
        .retrieve(
            RetrieveRequest.newBuilder()
                .setCollection(collection)
                .setQuery(query)
                .setMode(RetrievalMode.RETRIEVAL_MODE_BM25)
                .setTopK(10)
                .build())
        .getPassagesList()
        .stream()
        .map(RetrievedPassage::getDocumentId)
        .toList();
  }

  @Test
  void acknowledgedDocumentsBecomeSearchableAndCountedWithinTheCommitTime() throws Exception {
    create("within-ingest");

    IngestResponse ack = client.ingest("within-ingest", SampleCorpus.documents());

    assertThat(ack.getDocumentsUpserted()).isEqualTo(5);
    await()
        .atMost(VISIBLE_WITHIN)
        .until(
            () ->
                client
                        .blocking
                        .describeCollection(
                            DescribeCollectionRequest.newBuilder().setName("within-ingest").build())
                        .getCollection()
                        .getDocumentCount()
                    == 5);
    await()
        .atMost(VISIBLE_WITHIN)
        .until(() -> documentsFound("within-ingest", "kettle boils water").contains("kettle"));
  }

  @Test
  void anUpsertReplacesTheOldTextAndADeleteRemovesTheDocument() throws Exception {
    create("within-upsert");
    client.ingest("within-upsert", SampleCorpus.documents());
    Document rewritten =
        GrpcTestClient.doc("kettle", "Kettle", "A samovar keeps tea warm all evening.", Map.of());

    IngestResponse ack = client.ingest("within-upsert", List.of(rewritten));

    assertThat(ack.getDocumentsReplaced()).isEqualTo(1);
    await()
        .atMost(VISIBLE_WITHIN)
        .until(() -> documentsFound("within-upsert", "samovar").size() == 1);
    assertThat(documentsFound("within-upsert", "boils")).doesNotContain("kettle");

    var deleted =
        client.blocking.deleteDocuments(
            DeleteDocumentsRequest.newBuilder()
                .setCollection("within-upsert")
                .addDocumentIds("kettle")
                .build());

    assertThat(deleted.getDocumentsDeleted()).isEqualTo(1);
    await()
        .atMost(VISIBLE_WITHIN)
        .until(() -> documentsFound("within-upsert", "samovar").isEmpty());
  }
}
