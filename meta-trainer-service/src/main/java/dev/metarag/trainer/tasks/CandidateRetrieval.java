package dev.metarag.trainer.tasks;

import dev.metarag.data.eval.WholeWords;
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
 * which the query encoder is trained to score. A question with a retrieval scope ({@link
 * LabelledQuestion#filters}) is retrieved for among the documents its filters match only.
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
    List<TaskExample.Passage> passages = new ArrayList<>(k);
    for (RetrievedPassage p : retrieve(collection, q, k)) {
      passages.add(passage(p));
    }
    return new TaskExample(q.question(), q.answers(), passages);
  }

  /** Passages in an evaluation question's candidate pool: the retriever's largest top_k. */
  public static final int POOL_DEPTH = 100;

  /**
   * The question's candidate pool for evaluation: its top {@code depth} passages (fewer when its
   * collection, or the part its filters allow, holds fewer), best first.
   */
  public List<TaskExample.Passage> pool(String collection, LabelledQuestion q, int depth) {
    return retrieve(collection, q, depth).stream().map(CandidateRetrieval::passage).toList();
  }

  /** How deep the gold passage is looked for among a question's retrieved passages. */
  static final int GOLD_SEARCH_DEPTH = 20;

  /**
   * A question's gold passage and {@code hardNegatives} retrieved passages that are not from the
   * gold document, the gold passage first. The gold passage is the best-ranked passage of the
   * question's gold document (or, without one, of any document) that holds an answer as whole
   * words, among the top {@value #GOLD_SEARCH_DEPTH}; the negatives are the best-ranked others.
   * Without a gold passage in reach, the question keeps the top passages as they come (its loss
   * then counts it as skipped when no answer is among them).
   */
  public GoldCandidates goldWithNegatives(
      String collection, LabelledQuestion q, int hardNegatives) {
    List<RetrievedPassage> ranked =
        retrieve(collection, q, Math.max(GOLD_SEARCH_DEPTH, hardNegatives + 1));
    RetrievedPassage gold = null;
    for (RetrievedPassage p : ranked) {
      boolean fromGold =
          q.goldDocumentId().isEmpty() || q.goldDocumentId().equals(p.getDocumentId());
      if (fromGold && q.answers().stream().anyMatch(a -> WholeWords.contains(p.getText(), a))) {
        gold = p;
        break;
      }
    }
    List<TaskExample.Passage> passages = new ArrayList<>(hardNegatives + 1);
    if (gold != null) {
      passages.add(passage(gold));
    }
    for (RetrievedPassage p : ranked) {
      if (passages.size() == hardNegatives + 1) {
        break;
      }
      boolean sameDocument = gold != null && p.getDocumentId().equals(gold.getDocumentId());
      if (p != gold && !sameDocument) {
        passages.add(passage(p));
      }
    }
    return new GoldCandidates(new TaskExample(q.question(), q.answers(), passages), gold != null);
  }

  /**
   * A question with its candidates for a general reader.
   *
   * @param goldFound whether its gold passage was among the retrieved ones (it is then first)
   */
  public record GoldCandidates(TaskExample example, boolean goldFound) {}

  private List<RetrievedPassage> retrieve(String collection, LabelledQuestion q, int k) {
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
                    .addAllFilters(q.filters())
                    .setIncludeEmbeddings(true)
                    .build());
    return response.getPassagesList();
  }

  private static TaskExample.Passage passage(RetrievedPassage p) {
    float[] embedding = new float[p.getEmbeddingCount()];
    for (int i = 0; i < embedding.length; i++) {
      embedding[i] = p.getEmbedding(i);
    }
    return new TaskExample.Passage(p.getPassageId(), p.getText(), embedding);
  }
}
