package dev.metarag.adapter.retrieval;

import dev.metarag.proto.v1.DescribeCollectionRequest;
import dev.metarag.proto.v1.LookupDocumentsRequest;
import dev.metarag.proto.v1.MetadataFilter;
import dev.metarag.proto.v1.RetrievalMode;
import dev.metarag.proto.v1.RetrieveRequest;
import dev.metarag.proto.v1.RetrieveResponse;
import dev.metarag.proto.v1.RetrievedPassage;
import dev.metarag.proto.v1.RetrieverGrpc;
import dev.metarag.proto.v1.SetQueryEncoderRequest;
import dev.metarag.training.rag.Candidate;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Blocking calls to the retriever with a deadline each. A retriever that cannot be reached is
 * UNAVAILABLE for the caller, naming the address and the setting that holds it.
 */
public final class RetrieverClient {
  /** The retriever's limit on query text. */
  private static final int MAX_QUERY_CHARS = 4096;

  /** The retriever's limit on ids per LookupDocuments call. */
  private static final int LOOKUP_BATCH = 1000;

  private final RetrieverGrpc.RetrieverBlockingStub stub;
  private final long deadlineSeconds;

  public RetrieverClient(RetrieverGrpc.RetrieverBlockingStub stub, long deadlineSeconds) {
    this.stub = stub;
    this.deadlineSeconds = deadlineSeconds;
  }

  /** NOT_FOUND, naming {@code field}, unless the retriever has the collection. */
  public void requireCollection(String field, String collection) {
    try {
      call(
          () ->
              stub()
                  .describeCollection(
                      DescribeCollectionRequest.newBuilder().setName(collection).build()));
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        throw Status.NOT_FOUND
            .withDescription(
                field
                    + ": the retriever has no collection '"
                    + collection
                    + "'; create it and ingest the domain's documents first")
            .asRuntimeException();
      }
      throw e;
    }
  }

  /** Which of {@code documentIds} (valid document ids) the collection does not hold. */
  public Set<String> missingDocuments(String collection, List<String> documentIds) {
    Set<String> missing = new HashSet<>();
    for (int from = 0; from < documentIds.size(); from += LOOKUP_BATCH) {
      LookupDocumentsRequest request =
          LookupDocumentsRequest.newBuilder()
              .setCollection(collection)
              .addAllDocumentIds(
                  documentIds.subList(from, Math.min(documentIds.size(), from + LOOKUP_BATCH)))
              .build();
      missing.addAll(call(() -> stub().lookupDocuments(request)).getNotFoundIdsList());
    }
    return missing;
  }

  /**
   * The top {@code k} passages of hybrid retrieval for a question, with stored embeddings, among
   * the documents that match all {@code filters} (none: the whole collection).
   */
  public List<Candidate> candidates(
      String collection, String question, int k, List<MetadataFilter> filters) {
    RetrieveRequest request =
        RetrieveRequest.newBuilder()
            .setCollection(collection)
            .setQuery(clip(question))
            .setMode(RetrievalMode.RETRIEVAL_MODE_HYBRID)
            .setTopK(k)
            .setIncludeEmbeddings(true)
            .addAllFilters(filters)
            .build();
    return passages(call(() -> stub().retrieve(request)));
  }

  /**
   * The {@code k} passages nearest to a query embedding (dense search), with embeddings, among the
   * documents that match all {@code filters} (none: the whole collection).
   */
  public List<Candidate> nearest(
      String collection, float[] queryEmbedding, int k, List<MetadataFilter> filters) {
    RetrieveRequest.Builder request =
        RetrieveRequest.newBuilder()
            .setCollection(collection)
            .setMode(RetrievalMode.RETRIEVAL_MODE_DENSE)
            .setTopK(k)
            .setIncludeEmbeddings(true)
            .addAllFilters(filters);
    for (float v : queryEmbedding) {
      request.addQueryVector(v);
    }
    return passages(call(() -> stub().retrieve(request.build())));
  }

  /**
   * Points the collection's query encoder at a model package directory, or back at the document
   * encoder when {@code packageDir} is empty. The retriever's refusal keeps its code.
   */
  public void setQueryEncoder(String collection, String packageDir, String version) {
    call(
        () ->
            stub()
                .setQueryEncoder(
                    SetQueryEncoderRequest.newBuilder()
                        .setCollection(collection)
                        .setModelDir(packageDir)
                        .setVersion(version)
                        .build()));
  }

  private RetrieverGrpc.RetrieverBlockingStub stub() {
    return stub.withDeadlineAfter(deadlineSeconds, TimeUnit.SECONDS);
  }

  private <T> T call(Supplier<T> rpc) {
    try {
      return rpc.get();
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
        throw Status.UNAVAILABLE
            .withDescription(
                "the retriever at "
                    + stub.getChannel().authority()
                    + " did not answer (metarag.adapter.retriever): "
                    + e.getStatus().getDescription())
            .withCause(e)
            .asRuntimeException();
      }
      throw e;
    }
  }

  private static List<Candidate> passages(RetrieveResponse response) {
    List<Candidate> out = new ArrayList<>(response.getPassagesCount());
    for (RetrievedPassage p : response.getPassagesList()) {
      float[] embedding = new float[p.getEmbeddingCount()];
      for (int i = 0; i < embedding.length; i++) {
        embedding[i] = p.getEmbedding(i);
      }
      out.add(new Candidate(p.getPassageId(), p.getDocumentId(), p.getText(), embedding));
    }
    return out;
  }

  private static String clip(String question) {
    return question.length() > MAX_QUERY_CHARS ? question.substring(0, MAX_QUERY_CHARS) : question;
  }
}
