package dev.metarag.retriever.grpc;

import dev.metarag.data.confine.ConfinedRoot;
import dev.metarag.data.confine.ConfinedRoots;
import dev.metarag.proto.v1.CreateCollectionRequest;
import dev.metarag.proto.v1.CreateCollectionResponse;
import dev.metarag.proto.v1.DeleteCollectionRequest;
import dev.metarag.proto.v1.DeleteCollectionResponse;
import dev.metarag.proto.v1.DeleteDocumentsRequest;
import dev.metarag.proto.v1.DeleteDocumentsResponse;
import dev.metarag.proto.v1.DescribeCollectionRequest;
import dev.metarag.proto.v1.DescribeCollectionResponse;
import dev.metarag.proto.v1.IngestRequest;
import dev.metarag.proto.v1.IngestResponse;
import dev.metarag.proto.v1.ListCollectionsRequest;
import dev.metarag.proto.v1.ListCollectionsResponse;
import dev.metarag.proto.v1.LookupDocumentsRequest;
import dev.metarag.proto.v1.LookupDocumentsResponse;
import dev.metarag.proto.v1.RetrieveRequest;
import dev.metarag.proto.v1.RetrieveResponse;
import dev.metarag.proto.v1.RetrieverGrpc;
import dev.metarag.proto.v1.SetQueryEncoderRequest;
import dev.metarag.proto.v1.SetQueryEncoderResponse;
import dev.metarag.retriever.collection.Collection;
import dev.metarag.retriever.collection.CollectionRegistry;
import dev.metarag.retriever.config.RetrieverConfig;
import dev.metarag.retriever.error.InvalidRequestException;
import dev.metarag.retriever.search.SearchHit;
import dev.metarag.retriever.search.SearchMode;
import dev.metarag.retriever.search.SearchQuery;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import java.util.List;
import java.util.function.Supplier;

/**
 * The Retriever gRPC API. Every method blocks (disk and model work), so all run on worker threads,
 * never on the event loop.
 */
@GrpcService
public class RetrieverGrpcService extends RetrieverGrpc.RetrieverImplBase {
  private final CollectionRegistry registry;
  private final RetrieverConfig config;
  private final RetrievalMetrics metrics;
  private final DocumentValidator documentValidator;
  private final ConfinedRoots modelRegistry;

  public RetrieverGrpcService(
      CollectionRegistry registry, RetrieverConfig config, RetrievalMetrics metrics) {
    this.registry = registry;
    this.config = config;
    this.metrics = metrics;
    this.documentValidator = new DocumentValidator(config.maxDocumentChars());
    this.modelRegistry =
        ConfinedRoots.of(new ConfinedRoot("metarag.retriever.registry-dir", config.registryDir()));
  }

  @Override
  @Blocking
  public void createCollection(
      CreateCollectionRequest request, StreamObserver<CreateCollectionResponse> response) {
    unary(
        response,
        () -> {
          Collection c =
              registry.create(CreateRequests.settings(request, System.currentTimeMillis()));
          return CreateCollectionResponse.newBuilder()
              .setCollection(ProtoMapper.collectionInfo(c.stats()))
              .build();
        });
  }

  @Override
  @Blocking
  public void listCollections(
      ListCollectionsRequest request, StreamObserver<ListCollectionsResponse> response) {
    unary(
        response,
        () -> {
          ListCollectionsResponse.Builder b = ListCollectionsResponse.newBuilder();
          for (Collection c : registry.list()) {
            try {
              b.addCollections(ProtoMapper.collectionInfo(c.stats()));
            } catch (dev.metarag.retriever.error.NotFoundException deletedMeanwhile) {
              // listed before a concurrent delete: leave it out
            }
          }
          return b.build();
        });
  }

  @Override
  @Blocking
  public void describeCollection(
      DescribeCollectionRequest request, StreamObserver<DescribeCollectionResponse> response) {
    unary(
        response,
        () ->
            DescribeCollectionResponse.newBuilder()
                .setCollection(ProtoMapper.collectionInfo(registry.get(request.getName()).stats()))
                .build());
  }

  @Override
  @Blocking
  public void deleteCollection(
      DeleteCollectionRequest request, StreamObserver<DeleteCollectionResponse> response) {
    unary(
        response,
        () -> {
          registry.delete(request.getName());
          return DeleteCollectionResponse.getDefaultInstance();
        });
  }

  @Override
  @Blocking
  public StreamObserver<IngestRequest> ingest(StreamObserver<IngestResponse> response) {
    return new IngestSession(
        registry, documentValidator, config.ingestBatchDocuments(), metrics, response);
  }

  @Override
  @Blocking
  public void deleteDocuments(
      DeleteDocumentsRequest request, StreamObserver<DeleteDocumentsResponse> response) {
    unary(
        response,
        () -> {
          Collection c = registry.get(request.getCollection());
          List<String> ids = documentIds(request.getDocumentIdsList(), "delete");
          int[] passages = c.delete(ids);
          DeleteDocumentsResponse.Builder b = DeleteDocumentsResponse.newBuilder();
          long documents = 0;
          long passageTotal = 0;
          for (int i = 0; i < ids.size(); i++) {
            if (passages[i] < 0) {
              b.addNotFoundIds(ids.get(i));
            } else {
              documents++;
              passageTotal += passages[i];
            }
          }
          return b.setDocumentsDeleted(documents).setPassagesDeleted(passageTotal).build();
        });
  }

  @Override
  @Blocking
  public void lookupDocuments(
      LookupDocumentsRequest request, StreamObserver<LookupDocumentsResponse> response) {
    unary(
        response,
        () -> {
          Collection c = registry.get(request.getCollection());
          List<String> ids =
              documentIds(request.getDocumentIdsList(), "look up").stream().distinct().toList();
          int[] passages = c.passageCounts(ids);
          LookupDocumentsResponse.Builder b = LookupDocumentsResponse.newBuilder();
          for (int i = 0; i < ids.size(); i++) {
            if (passages[i] < 0) {
              b.addNotFoundIds(ids.get(i));
            } else {
              b.addDocumentsBuilder().setDocumentId(ids.get(i)).setPassages(passages[i]);
            }
          }
          return b.build();
        });
  }

  /** A request's document ids, checked as ingest checks them: 1 to 1000 valid ids. */
  private static List<String> documentIds(List<String> ids, String verb) {
    if (ids.isEmpty()) {
      throw new InvalidRequestException(
          "document_ids is empty: name at least one document to " + verb);
    }
    RequestLimits.requireAtMost(
        "number of document_ids", ids.size(), RequestLimits.MAX_DOCUMENT_IDS);
    for (int i = 0; i < ids.size(); i++) {
      DocumentValidator.validateId(ids.get(i), "document_ids[" + i + "]");
    }
    return ids;
  }

  @Override
  @Blocking
  public void retrieve(RetrieveRequest request, StreamObserver<RetrieveResponse> response) {
    unary(response, () -> retrieve(request));
  }

  private RetrieveResponse retrieve(RetrieveRequest request) {
    long started = System.nanoTime();
    Collection c = registry.get(request.getCollection());
    SearchMode mode = RetrieveRequests.mode(request);
    int topK = RetrieveRequests.topK(request, config.maxTopK());
    String text = RetrieveRequests.query(request, mode, config.maxQueryChars());
    float[] vector = RetrieveRequests.callerVector(request, c.dimension());
    RetrieveResponse.Builder out = RetrieveResponse.newBuilder();
    RequestLimits.checkNotCancelled();
    if (mode != SearchMode.BM25 && vector == null) {
      long embedStart = System.nanoTime();
      Collection.EmbeddedQuery q = c.embedQuery(text);
      long embedNanos = System.nanoTime() - embedStart;
      metrics.recordEmbedding(embedNanos);
      vector = q.vector();
      out.setQueryEncoder(ProtoMapper.encoderInfo(q.encoder())).setEmbedMicros(embedNanos / 1000);
      RequestLimits.checkNotCancelled();
    }
    SearchQuery query =
        new SearchQuery(
            text,
            vector,
            mode,
            topK,
            RetrieveRequests.filters(request),
            RetrieveRequests.fusion(request.getFusion()),
            RetrieveRequests.candidates(request, topK),
            request.getIncludeEmbeddings());
    long searchStart = System.nanoTime();
    List<SearchHit> hits = c.search(query);
    long searchNanos = System.nanoTime() - searchStart;
    metrics.recordSearch(mode, searchNanos);
    out.setSearchMicros(searchNanos / 1000);
    for (SearchHit h : hits) {
      out.addPassages(ProtoMapper.passage(h));
    }
    metrics.recordRetrieve(mode, System.nanoTime() - started);
    return out.build();
  }

  @Override
  @Blocking
  public void setQueryEncoder(
      SetQueryEncoderRequest request, StreamObserver<SetQueryEncoderResponse> response) {
    unary(
        response,
        () -> {
          Collection c = registry.get(request.getCollection());
          c.setQueryEncoder(QueryEncoderRequests.override(request, modelRegistry));
          return SetQueryEncoderResponse.newBuilder()
              .setCollection(ProtoMapper.collectionInfo(c.stats()))
              .build();
        });
  }

  /** Runs a unary call, sending its result or the status its failure maps to. */
  private static <T> void unary(StreamObserver<T> response, Supplier<T> call) {
    T result;
    try {
      result = call.get();
    } catch (RuntimeException e) {
      response.onError(GrpcErrors.toStatus(e));
      return;
    }
    response.onNext(result);
    response.onCompleted();
  }
}
