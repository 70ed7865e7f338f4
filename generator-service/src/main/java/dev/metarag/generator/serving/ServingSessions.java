package dev.metarag.generator.serving;

import dev.metarag.inference.encoder.SentenceEncoder;
import dev.metarag.inference.reader.OnnxReader;
import dev.metarag.inference.tokenize.WordPieceTokenizer;
import dev.metarag.registry.VersionKind;
import java.util.function.Supplier;

/**
 * One model version loaded for serving: its reader session, tokenizer and reader settings, and its
 * query encoder, which opens on first use (most requests let the retriever embed the question, so
 * most versions never need it). Thread-safe; closed once by {@link LoadedModels} when nothing holds
 * it any more.
 */
public final class ServingSessions implements AutoCloseable {
  private final String version;
  private final VersionKind kind;
  private final OnnxReader reader;
  private final WordPieceTokenizer tokenizer;
  private final ReaderSettings settings;
  private final Supplier<SentenceEncoder> encoderSource;
  private final SessionCounter counter;
  private SentenceEncoder encoder;
  private boolean closed;

  ServingSessions(
      String version,
      VersionKind kind,
      OnnxReader reader,
      WordPieceTokenizer tokenizer,
      ReaderSettings settings,
      Supplier<SentenceEncoder> encoderSource,
      SessionCounter counter) {
    this.version = version;
    this.kind = kind;
    this.reader = reader;
    this.tokenizer = tokenizer;
    this.settings = settings;
    this.encoderSource = encoderSource;
    this.counter = counter;
    counter.opened();
  }

  public String version() {
    return version;
  }

  public VersionKind kind() {
    return kind;
  }

  public OnnxReader reader() {
    return reader;
  }

  public WordPieceTokenizer tokenizer() {
    return tokenizer;
  }

  public ReaderSettings settings() {
    return settings;
  }

  /** The version's query encoder, opened now if this is its first use. */
  public synchronized SentenceEncoder queryEncoder() {
    if (closed) {
      // Holders keep a reference while they use the sessions, so this is a bug, not a race.
      throw new IllegalStateException("the sessions of model version " + version + " are closed");
    }
    if (encoder == null) {
      encoder = encoderSource.get();
      counter.opened();
    }
    return encoder;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    reader.close();
    counter.closed();
    if (encoder != null) {
      encoder.close();
      counter.closed();
    }
  }
}
