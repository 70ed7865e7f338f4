package dev.metarag.retriever.store;

import dev.metarag.retriever.index.PassageIndex;
import dev.metarag.retriever.search.PassageSearcher;
import dev.metarag.retriever.search.SearchHit;
import dev.metarag.retriever.search.SearchQuery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;

/**
 * The EMBEDDED backend: a Lucene index on the retriever's disk. Upserts are searchable on return;
 * commits are Lucene commits, so what was acknowledged survives a crash.
 */
public final class EmbeddedPassageStore implements PassageStore {
  private final Analyzer analyzer;
  private final PassageIndex index;
  private final PassageSearcher searcher;

  /** Opens (or creates) the index in {@code indexDir}; the store owns and closes the analyzer. */
  public EmbeddedPassageStore(Path indexDir, Analyzer analyzer) throws IOException {
    this.analyzer = analyzer;
    this.index = new PassageIndex(indexDir, analyzer);
    this.searcher = new PassageSearcher(analyzer);
  }

  @Override
  public boolean[] upsert(List<DocumentPassages> documents) {
    boolean[] existed = new boolean[documents.size()];
    try {
      for (int i = 0; i < documents.size(); i++) {
        DocumentPassages d = documents.get(i);
        existed[i] = index.passagesOf(d.documentId()) >= 0;
        index.upsert(d.documentId(), d.metadata(), d.passages());
      }
      index.refresh();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return existed;
  }

  @Override
  public void commit() {
    try {
      index.commit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public int[] delete(List<String> documentIds) {
    int[] passages = new int[documentIds.size()];
    try {
      for (int i = 0; i < documentIds.size(); i++) {
        passages[i] = index.passagesOf(documentIds.get(i));
        index.delete(documentIds.get(i));
      }
      index.commit();
      index.refresh();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return passages;
  }

  @Override
  public int[] passageCounts(List<String> documentIds) {
    // Upserts and deletes refresh the searchable view before they are acknowledged, so it holds
    // every acknowledged document (and those of an ingest still running).
    return documentIds.stream().mapToInt(index::passagesOf).toArray();
  }

  @Override
  public List<SearchHit> search(SearchQuery query) {
    return index.search(s -> searcher.search(s, query));
  }

  @Override
  public long documentCount() {
    return index.documentCount();
  }

  @Override
  public long passageCount() {
    return index.passageCount();
  }

  @Override
  public void maybeRefresh() {
    try {
      index.maybeRefresh();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The index lives in the collection's directory, which the registry removes. */
  @Override
  public void drop() {
    close();
  }

  @Override
  public void close() {
    try {
      index.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      analyzer.close();
    }
  }
}
