package dev.metarag.retriever.store;

import dev.metarag.retriever.search.SearchHit;
import dev.metarag.retriever.search.SearchQuery;
import java.util.List;

/**
 * Storage and search of one collection's passages. Implementations are thread-safe; their failures
 * are the service's exceptions (e.g. {@link
 * dev.metarag.retriever.error.BackendUnavailableException}) or unchecked I/O errors.
 */
public interface PassageStore extends AutoCloseable {

  /**
   * Replaces every passage of each document with the given ones (a document with no passages keeps
   * none). Durable after {@link #commit}.
   *
   * @return for each document, whether a version of it was stored before
   */
  boolean[] upsert(List<DocumentPassages> documents);

  /** Makes everything upserted so far durable, as the backend defines it. */
  void commit();

  /** Deletes documents, durably; returns the passages each had, or -1 for ids not stored. */
  int[] delete(List<String> documentIds);

  /**
   * The passages each document has, or -1 for ids not stored; sees every acknowledged write (not
   * only what searches see yet).
   */
  int[] passageCounts(List<String> documentIds);

  List<SearchHit> search(SearchQuery query);

  long documentCount();

  long passageCount();

  /** Lets searches see recent upserts; called periodically. A no-op where the engine does it. */
  default void maybeRefresh() {}

  /** Removes the engine-side data for good (the collection is being deleted); then closes. */
  void drop();

  @Override
  void close();
}
