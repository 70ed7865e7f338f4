package dev.metarag.retriever.collection;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.metarag.inference.chunk.PassageChunker;
import dev.metarag.inference.chunk.PassageSpan;
import dev.metarag.inference.encoder.EncoderDescriptor;
import dev.metarag.inference.encoder.SentenceEncoder;
import dev.metarag.inference.swap.HotSwap;
import dev.metarag.retriever.error.BackendUnavailableException;
import dev.metarag.retriever.error.NotFoundException;
import dev.metarag.retriever.error.PreconditionFailedException;
import dev.metarag.retriever.index.PassageRecord;
import dev.metarag.retriever.search.SearchHit;
import dev.metarag.retriever.search.SearchQuery;
import dev.metarag.retriever.store.DocumentPassages;
import dev.metarag.retriever.store.PassageStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import org.apache.lucene.store.AlreadyClosedException;

/**
 * One collection: its settings file, its passage store (a Lucene index or a Solr collection), the
 * shared document encoder and its own swappable query encoder. Chunking and embedding happen here,
 * whatever the backend. Thread-safe; operations run under a read lock so that closing the
 * collection waits for them.
 */
public final class Collection implements AutoCloseable {
  static final String SETTINGS_FILE = "collection.json";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path directory;
  private final EncoderCatalog encoders;
  private final SentenceEncoder documentEncoder;
  private final HotSwap<SentenceEncoder> queryEncoder;
  private final PassageChunker chunker;
  private final PassageStore store;
  private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private volatile CollectionSettings settings;
  private boolean closed;

  private Collection(
      Path directory,
      CollectionSettings settings,
      EncoderCatalog encoders,
      SentenceEncoder initialQueryEncoder,
      PassageStores stores)
      throws IOException {
    this.directory = directory;
    this.settings = settings;
    this.encoders = encoders;
    this.documentEncoder = encoders.documentEncoder(settings.documentEncoder());
    this.queryEncoder = new HotSwap<>(initialQueryEncoder, encoders::release);
    this.chunker =
        new PassageChunker(
            documentEncoder.tokenizer(), settings.windowTokens(), settings.strideTokens());
    this.store = stores.open(settings, directory);
  }

  /**
   * Creates the collection's storage on its backend, then its settings file in {@code directory},
   * which must be new and empty. Call {@link #open} afterwards.
   */
  static void create(
      Path directory, CollectionSettings settings, EncoderCatalog encoders, PassageStores stores)
      throws IOException {
    stores.create(settings, encoders.documentEncoder(settings.documentEncoder()).dimension());
    writeSettings(directory, settings);
  }

  /** Opens an existing collection directory. */
  static Collection open(
      Path directory, EncoderCatalog encoders, PassageStores stores, org.jboss.logging.Logger log)
      throws IOException {
    CollectionSettings settings =
        JSON.readValue(directory.resolve(SETTINGS_FILE).toFile(), CollectionSettings.class);
    SentenceEncoder query = encoders.documentEncoder(settings.documentEncoder());
    QueryEncoderOverride override = settings.queryEncoder();
    if (override != null) {
      try {
        query = encoders.openPackage(Path.of(override.modelDir()), override.version());
      } catch (RuntimeException e) {
        // The collection stays usable with its document encoder; the log says why.
        log.errorf(
            "collection %s: query encoder %s cannot be loaded (%s); using the document encoder",
            settings.name(), override.modelDir(), e.getMessage());
      }
    }
    return new Collection(directory, settings, encoders, query, stores);
  }

  private static void writeSettings(Path directory, CollectionSettings settings)
      throws IOException {
    AtomicFiles.write(directory.resolve(SETTINGS_FILE), JSON.writeValueAsBytes(settings));
  }

  public CollectionSettings settings() {
    return settings;
  }

  public String name() {
    return settings.name();
  }

  /**
   * What an upsert did.
   *
   * @param existed for each document, whether a version of it was already stored
   * @param passages passages indexed in all
   */
  public record UpsertOutcome(boolean[] existed, int passages) {}

  /**
   * Chunks, embeds and upserts documents; searchable on return (SOLRCLOUD: within its
   * commit-within), durable after {@link #commit}.
   */
  public UpsertOutcome upsert(List<DocumentInput> documents) {
    return guarded(
        () -> {
          List<List<PassageSpan>> spans = new ArrayList<>(documents.size());
          List<String> toEmbed = new ArrayList<>();
          for (DocumentInput d : documents) {
            List<PassageSpan> passages = chunker.chunk(d.text());
            spans.add(passages);
            for (PassageSpan p : passages) {
              toEmbed.add(embeddingInput(d.title(), p.textOf(d.text())));
            }
          }
          float[][] vectors = documentEncoder.embed(toEmbed);
          List<DocumentPassages> chunked = new ArrayList<>(documents.size());
          int v = 0;
          for (int i = 0; i < documents.size(); i++) {
            DocumentInput d = documents.get(i);
            List<PassageRecord> records = new ArrayList<>();
            for (PassageSpan p : spans.get(i)) {
              records.add(
                  new PassageRecord(
                      d.id(),
                      p.index(),
                      d.title(),
                      p.textOf(d.text()),
                      p.start(),
                      p.end(),
                      vectors[v++],
                      d.metadata()));
            }
            chunked.add(new DocumentPassages(d.id(), d.metadata(), records));
          }
          boolean[] existed = store.upsert(chunked);
          return new UpsertOutcome(existed, vectors.length);
        });
  }

  /** The title, when there is one, gives the encoder context the passage may lack. */
  static String embeddingInput(String title, String passage) {
    return title == null || title.isBlank() ? passage : title + "\n" + passage;
  }

  /** Durably stores everything upserted or deleted so far. */
  public void commit() {
    guarded(
        () -> {
          store.commit();
          return null;
        });
  }

  /** The passages each document has, or -1 for ids not stored. */
  public int[] passageCounts(List<String> documentIds) {
    return guarded(() -> store.passageCounts(documentIds));
  }

  /** Deletes documents; returns the passages each had, or -1 for ids not stored. Committed. */
  public int[] delete(List<String> documentIds) {
    return guarded(() -> store.delete(documentIds));
  }

  /** An embedded query together with the encoder that embedded it. */
  public record EmbeddedQuery(float[] vector, EncoderDescriptor encoder) {}

  public EmbeddedQuery embedQuery(String text) {
    return guarded(
        () -> {
          try (HotSwap.Lease<SentenceEncoder> lease = queryEncoder.acquire()) {
            return new EmbeddedQuery(lease.get().embed(text), lease.get().descriptor());
          }
        });
  }

  public List<SearchHit> search(SearchQuery query) {
    return guarded(() -> store.search(query));
  }

  public int dimension() {
    return documentEncoder.dimension();
  }

  /** Replaces the query encoder; null restores the document encoder. Persisted. */
  public void setQueryEncoder(QueryEncoderOverride override) {
    guarded(
        () -> {
          SentenceEncoder next =
              override == null
                  ? documentEncoder
                  : encoders.openPackage(Path.of(override.modelDir()), override.version());
          if (next.dimension() != documentEncoder.dimension()) {
            encoders.release(next);
            throw new PreconditionFailedException(
                "query encoder in "
                    + override.modelDir()
                    + " produces "
                    + next.dimension()
                    + "-dimensional embeddings but collection '"
                    + name()
                    + "' stores "
                    + documentEncoder.dimension()
                    + "-dimensional passages");
          }
          CollectionSettings updated = settings.withQueryEncoder(override);
          try {
            writeSettings(directory, updated);
          } catch (IOException e) {
            encoders.release(next);
            throw new UncheckedIOException(e);
          }
          settings = updated;
          queryEncoder.swap(next);
          return null;
        });
  }

  /** Settings and counts; the counts are -1 while the backend cannot be reached. */
  public CollectionStats stats() {
    return guarded(
        () -> {
          long documents = -1;
          long passages = -1;
          try {
            documents = store.documentCount();
            passages = store.passageCount();
          } catch (BackendUnavailableException e) {
            // Listing must still show the collection (and every embedded one) while Solr is down.
          }
          return new CollectionStats(
              settings,
              documentEncoder.descriptor(),
              queryEncoder.peek().descriptor(),
              documents,
              passages,
              bytesOnDisk());
        });
  }

  private long bytesOnDisk() {
    try (Stream<Path> files = Files.walk(directory)) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(
              p -> {
                try {
                  return Files.size(p);
                } catch (IOException e) {
                  return 0; // a Lucene file merged away while we walked
                }
              })
          .sum();
    } catch (IOException | UncheckedIOException e) {
      return -1;
    }
  }

  void maybeRefresh() {
    try {
      guarded(
          () -> {
            store.maybeRefresh();
            return null;
          });
    } catch (NotFoundException e) {
      // deleted meanwhile: nothing to refresh
    }
  }

  /** Runs an operation unless the collection was closed (deleted) meanwhile. */
  private <T> T guarded(ThrowingSupplier<T> operation) {
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw gone();
      }
      return operation.get();
    } catch (AlreadyClosedException e) {
      throw gone();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  private NotFoundException gone() {
    return new NotFoundException("collection '" + name() + "' was deleted");
  }

  @FunctionalInterface
  private interface ThrowingSupplier<T> {
    T get() throws IOException;
  }

  Path directory() {
    return directory;
  }

  /**
   * Deletes the passages on the backend, waiting for operations in flight; the collection is closed
   * afterwards. If the backend cannot be reached, the collection stays open and usable.
   */
  void drop() throws IOException {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      store.drop();
      closed = true;
      queryEncoder.close();
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  @Override
  public void close() throws IOException {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      store.close();
      queryEncoder.close();
    } finally {
      lifecycle.writeLock().unlock();
    }
  }
}
