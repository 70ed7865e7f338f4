package dev.metarag.retriever.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * The Lucene index of one collection: a single writer, near-real-time searchers, and explicit
 * commits. Everything acknowledged to a client has been committed, and only committed data survives
 * a crash, so acknowledged data is never lost. Thread-safe.
 */
public final class PassageIndex implements AutoCloseable {
  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;

  /** A computation over one consistent point-in-time view of the index. */
  @FunctionalInterface
  public interface SearcherFunction<T> {
    T apply(IndexSearcher searcher) throws IOException;
  }

  public PassageIndex(Path path, Analyzer analyzer) throws IOException {
    this.directory = FSDirectory.open(path);
    IndexWriterConfig config = new IndexWriterConfig(analyzer);
    config.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
    config.setRAMBufferSizeMB(64);
    this.writer = new IndexWriter(directory, config);
    // An empty first commit, so that a new collection reopens cleanly after a crash.
    writer.commit();
    this.searchers = new SearcherManager(writer, new SearcherFactory());
  }

  /** Replaces every record of {@code documentId} with the new passages, atomically. */
  public void upsert(String documentId, Map<String, String> metadata, List<PassageRecord> passages)
      throws IOException {
    writer.updateDocuments(
        new Term(PassageSchema.DOC_ID, documentId),
        PassageSchema.block(documentId, metadata, passages));
  }

  public void delete(String documentId) throws IOException {
    writer.deleteDocuments(new Term(PassageSchema.DOC_ID, documentId));
  }

  /** Makes everything written so far durable. */
  public void commit() throws IOException {
    writer.commit();
  }

  /** Lets new searches see everything written so far (not necessarily committed). */
  public void refresh() throws IOException {
    searchers.maybeRefreshBlocking();
  }

  /** Cheap, non-blocking refresh for the periodic refresher. */
  public void maybeRefresh() throws IOException {
    searchers.maybeRefresh();
  }

  public <T> T search(SearcherFunction<T> function) {
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        return function.apply(searcher);
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public long documentCount() {
    return search(s -> (long) s.count(kind(PassageSchema.KIND_DOCUMENT)));
  }

  public long passageCount() {
    return search(s -> (long) s.count(kind(PassageSchema.KIND_PASSAGE)));
  }

  /** Number of passages stored for a document, or -1 if it is not in the searchable view. */
  public int passagesOf(String documentId) {
    return search(
        s -> {
          Term id = new Term(PassageSchema.DOC_ID, documentId);
          if (s.count(and(new TermQuery(id), kind(PassageSchema.KIND_DOCUMENT))) == 0) {
            return -1;
          }
          return s.count(and(new TermQuery(id), kind(PassageSchema.KIND_PASSAGE)));
        });
  }

  public static TermQuery kind(String kind) {
    return new TermQuery(new Term(PassageSchema.KIND, kind));
  }

  private static BooleanQuery and(
      org.apache.lucene.search.Query a, org.apache.lucene.search.Query b) {
    return new BooleanQuery.Builder()
        .add(a, BooleanClause.Occur.FILTER)
        .add(b, BooleanClause.Occur.FILTER)
        .build();
  }

  @Override
  public void close() throws IOException {
    searchers.close();
    writer.close();
    directory.close();
  }
}
