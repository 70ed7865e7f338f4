package dev.metarag.trainer.tasks;

import dev.metarag.jobs.TaskExample;
import dev.metarag.proto.v1.DescribeCollectionRequest;
import dev.metarag.proto.v1.RetrievalMode;
import dev.metarag.proto.v1.RetrieveRequest;
import dev.metarag.proto.v1.RetrieveResponse;
import dev.metarag.proto.v1.RetrievedPassage;
import dev.metarag.proto.v1.RetrieverGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Fetches retrieval candidates from a domain's collection in the retriever: the top passages of
 * hybrid retrieval (the best recall of the three modes), each with its stored document embedding,
 * which the query encoder is trained to score.
 */
public final class CandidateRetrieval {
  private static final long DEADLINE_SECONDS = 30;
  private final RetrieverGrpc.RetrieverBlockingStub retriever;

  public CandidateRetrieval(RetrieverGrpc.RetrieverBlockingStub retriever) {
    this.retriever = retriever;
  }

  /** Checks the collection exists: NOT_FOUND naming the field otherwise. */
  public void requireCollection(String field, String collection) {
    try {
      retriever
          .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
          .describeCollection(DescribeCollectionRequest.newBuilder().setName(collection).build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        throw Status.NOT_FOUND
            .withDescription(
                field
                    + ": the retriever has no collection '"
                    + collection
                    + "'; create and fill it first")
            .asRuntimeException();
      }
      if (e.getStatus().getCode() == Status.Code.UNAVAILABLE) {
        throw Status.UNAVAILABLE
            .withDescription(
                "the retriever at "
                    + retriever.getChannel().authority()
                    + " is not reachable (metarag.trainer.retriever): "
                    + e.getStatus().getDescription()
                    + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"))
            .asRuntimeException();
      }
      throw e;
    }
  }

  /** The question with its top {@code k} passages attached. */
  public TaskExample candidates(String collection, LabelledQuestion q, int k) {
    RetrieveResponse response =
        retriever
            .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
            .retrieve(
                RetrieveRequest.newBuilder()
                    .setCollection(collection)
                    .setQuery(
                        q.question().length() > 4096
                            ? q.question().substring(0, 4096)
                            : q.question())
                    .setMode(RetrievalMode.RETRIEVAL_MODE_HYBRID)
                    .setTopK(k)
                    .setIncludeEmbeddings(true)
                    .build());
    List<TaskExample.Passage> passages = new ArrayList<>(response.getPassagesCount());
    for (RetrievedPassage p : response.getPassagesList()) {
      float[] embedding = new float[p.getEmbeddingCount()];
      for (int i = 0; i < embedding.length; i++) {
        embedding[i] = p.getEmbedding(i);
      }
      passages.add(new TaskExample.Passage(p.getPassageId(), p.getText(), embedding));
    }
    return new TaskExample(q.question(), q.answers(), passages);
  }
}
