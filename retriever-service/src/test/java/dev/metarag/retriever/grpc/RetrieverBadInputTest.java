package dev.metarag.retriever.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metarag.inference.encoder.EncoderPackage;
import dev.metarag.proto.v1.ChunkingSpec;
import dev.metarag.proto.v1.CollectionBackend;
import dev.metarag.proto.v1.CreateCollectionRequest;
import dev.metarag.proto.v1.DeleteCollectionRequest;
import dev.metarag.proto.v1.DeleteDocumentsRequest;
import dev.metarag.proto.v1.DescribeCollectionRequest;
import dev.metarag.proto.v1.Document;
import dev.metarag.proto.v1.FusionMethod;
import dev.metarag.proto.v1.FusionSpec;
import dev.metarag.proto.v1.IngestRequest;
import dev.metarag.proto.v1.LexicalAnalyzer;
import dev.metarag.proto.v1.ListCollectionsRequest;
import dev.metarag.proto.v1.LookupDocumentsRequest;
import dev.metarag.proto.v1.MetadataFilter;
import dev.metarag.proto.v1.RetrievalMode;
import dev.metarag.proto.v1.RetrieveRequest;
import dev.metarag.proto.v1.RetrieverGrpc;
import dev.metarag.proto.v1.SetQueryEncoderRequest;
import dev.metarag.testing.TestDatasets;
import dev.metarag.testing.badinput.BadInputSuite;
import dev.metarag.testing.badinput.PathProbes;
import dev.metarag.testing.rpc.StreamEnd;
import dev.metarag.testing.security.SecuredService;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Bad input over every Retriever RPC: missing, huge, path-like and NUL names and texts, negative
 * and extreme numbers, enum numbers the contract does not define, huge lists, wrong names, empty
 * streams and streams that end early. None may end INTERNAL or UNKNOWN; model directories outside
 * the registry, climbing with "..", linked out of it, or holding a secret manifest must be
 * INVALID_ARGUMENT naming metarag.retriever.registry-dir and never quoting the file. Afterwards the
 * service is SERVING, takes a write, answers a normal query, and the kept collection still holds
 * its documents.
 */
@QuarkusTest
class RetrieverBadInputTest {
  private static final String KEPT = "bad-input-kept";
  private static final String SCRATCH = "bad-input-scratch";
  private static final List<Document> KEPT_DOCUMENTS =
      List.of(
          GrpcTestClient.doc(
              "lumio", "Lumio X2", "The battery lasts two days.", Map.of("item", "lumio")),
          GrpcTestClient.doc(
              "kettle", "Brewmaster", "The kettle boils water in three minutes.", Map.of()),
          GrpcTestClient.doc("strap", "Arca", "The strap is made of soft silicone.", Map.of()));

  private GrpcTestClient client;

  @BeforeEach
  void connect() throws Exception {
    client = new GrpcTestClient();
    for (String name : List.of(KEPT, SCRATCH)) {
      try {
        client.create(name);
      } catch (StatusRuntimeException e) {
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
      }
    }
    client.ingest(KEPT, KEPT_DOCUMENTS);
  }

  @AfterEach
  void disconnect() throws InterruptedException {
    client.close();
  }

  private static IngestRequest ingest(String collection, String id) {
    return IngestRequest.newBuilder()
        .setCollection(collection)
        .setDocument(
            Document.newBuilder()
                .setId(id)
                .setTitle("Scratch")
                .setText("Scratch documents may come and go.")
                .putMetadata("item", "scratch"))
        .build();
  }

  static BadInputSuite suite() {
    return BadInputSuite.of(RetrieverGrpc.getServiceDescriptor())
        .mutations(
            "CreateCollection",
            // The kept collection's name: a request that passes validation is ALREADY_EXISTS,
            // so nothing is created, and validation is seen field by field.
            CreateCollectionRequest.newBuilder()
                .setName(KEPT)
                .setChunking(ChunkingSpec.newBuilder().setWindowTokens(128).setStrideTokens(96))
                .setLexicalAnalyzer(LexicalAnalyzer.LEXICAL_ANALYZER_ENGLISH)
                .setDescription("reviews")
                .setBackend(CollectionBackend.COLLECTION_BACKEND_EMBEDDED)
                .build())
        .request(
            "CreateCollection",
            "a SOLRCLOUD collection without a cluster",
            CreateCollectionRequest.newBuilder()
                .setName("bad-input-solr")
                .setBackend(CollectionBackend.COLLECTION_BACKEND_SOLRCLOUD)
                .build())
        .request(
            "ListCollections", "the empty request", ListCollectionsRequest.getDefaultInstance())
        .mutations(
            "DescribeCollection", DescribeCollectionRequest.newBuilder().setName(KEPT).build())
        .mutations(
            "DeleteCollection",
            DeleteCollectionRequest.newBuilder().setName("bad-input-absent").build())
        .mutations("Ingest", ingest(SCRATCH, "s1"))
        .call("Ingest", "an empty stream", StreamEnd.HALF_CLOSE, List.of())
        .call(
            "Ingest",
            "a stream whose first message names no collection",
            StreamEnd.HALF_CLOSE,
            List.of(ingest("", "s1")))
        .call(
            "Ingest",
            "a stream that moves to another collection",
            StreamEnd.HALF_CLOSE,
            List.of(ingest(SCRATCH, "s1"), ingest(KEPT, "s2")))
        .call(
            "Ingest",
            "a message without a document",
            StreamEnd.HALF_CLOSE,
            List.of(
                ingest(SCRATCH, "s1"), IngestRequest.newBuilder().setCollection(SCRATCH).build()))
        .call(
            "Ingest",
            "a stream into an unknown collection",
            StreamEnd.HALF_CLOSE,
            List.of(ingest("bad-input-absent", "s1")))
        .call(
            "Ingest",
            "a stream the client abandons after three documents",
            StreamEnd.CANCEL_AFTER_SENDING,
            List.of(ingest(SCRATCH, "s1"), ingest("", "s2"), ingest("", "s3")))
        .call(
            "Ingest",
            "a stream into the kept collection the client abandons",
            StreamEnd.CANCEL_AFTER_SENDING,
            List.of(ingest(KEPT, "abandoned")))
        .mutations(
            "DeleteDocuments",
            DeleteDocumentsRequest.newBuilder()
                .setCollection(SCRATCH)
                .addDocumentIds("no-such-document")
                .build())
        .mutations(
            "LookupDocuments",
            LookupDocumentsRequest.newBuilder()
                .setCollection(KEPT)
                .addDocumentIds("lumio-battery")
                .addDocumentIds("no-such-document")
                .build())
        .mutations(
            "Retrieve",
            RetrieveRequest.newBuilder()
                .setCollection(KEPT)
                .setQuery("how long does the battery last")
                .setMode(RetrievalMode.RETRIEVAL_MODE_HYBRID)
                .setTopK(3)
                .addFilters(MetadataFilter.newBuilder().setKey("item").addAnyOf("lumio"))
                .setFusion(
                    FusionSpec.newBuilder()
                        .setMethod(FusionMethod.FUSION_METHOD_RRF)
                        .setBm25Weight(1)
                        .setDenseWeight(1)
                        .setRrfK(60))
                .setCandidatesPerChannel(20)
                .build())
        .mutations(
            "SetQueryEncoder",
            SetQueryEncoderRequest.newBuilder()
                .setCollection(SCRATCH)
                .setModelDir(QueryEncoderSwapTest.registry().resolve("scratch-v1").toString())
                .setVersion("scratch-v1")
                .build())
        .pathCases(
            "SetQueryEncoder",
            "model_dir",
            modelDirProbes(),
            dir ->
                SetQueryEncoderRequest.newBuilder()
                    .setCollection(SCRATCH)
                    .setModelDir(dir)
                    .setVersion("scratch-v1")
                    .build(),
            "metarag.retriever.registry-dir");
  }

  /**
   * Model directories around the registry whose manifest is a secret; the one inside has the other
   * package files too, so that the manifest is read (and must not be quoted).
   */
  private static PathProbes modelDirProbes() {
    PathProbes probes =
        PathProbes.directories(
            QueryEncoderSwapTest.registry(), TestDatasets.outside(), EncoderPackage.MANIFEST_FILE);
    try {
      Path inside = Path.of(probes.insideWithSecret());
      Files.writeString(inside.resolve(EncoderPackage.QUERY_ENCODER_FILE), "not a model");
      Files.writeString(inside.resolve(EncoderPackage.TOKENIZER_FILE), "{}");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return probes;
  }

  @Test
  void everyRpcHasBadInputCases() {
    assertThat(suite().rpcsWithoutCases()).isEmpty();
  }

  @TestFactory
  Stream<DynamicTest> everyRpcSurvivesBadInput() {
    return suite().tests(client.channel, this::stillServingWithNothingLost);
  }

  private void stillServingWithNothingLost() {
    assertThat(SecuredService.health(client.channel)).isEqualTo(ServingStatus.SERVING);
    try {
      assertThat(
              client
                  .ingest(SCRATCH, List.of(ingest(SCRATCH, "after-bad-input").getDocument()))
                  .getDocumentsUpserted())
          .as("the scratch collection still takes writes")
          .isEqualTo(1);
    } catch (Exception e) {
      throw new AssertionError("the scratch collection no longer takes writes", e);
    }
    var kept =
        client.blocking.describeCollection(
            DescribeCollectionRequest.newBuilder().setName(KEPT).build());
    assertThat(kept.getCollection().getDocumentCount()).isEqualTo(KEPT_DOCUMENTS.size());
    var hits =
        client.blocking.retrieve(
            RetrieveRequest.newBuilder()
                .setCollection(KEPT)
                .setQuery("what is the strap made of")
                .setTopK(1)
                .build());
    assertThat(hits.getPassagesList()).extracting(p -> p.getDocumentId()).containsExactly("strap");
  }
}
