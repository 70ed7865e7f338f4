package dev.metarag.retriever.collection;

import dev.metarag.inference.encoder.EncoderLoader;
import dev.metarag.inference.encoder.EncoderOptions;
import dev.metarag.inference.encoder.SentenceEncoder;
import dev.metarag.retriever.config.RetrieverConfig;
import dev.metarag.retriever.error.InvalidRequestException;
import dev.metarag.retriever.error.NotFoundException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * The encoders of the service. The built-in MiniLM is opened once and shared by every collection;
 * query encoders from model packages are opened per collection and closed when replaced.
 */
@ApplicationScoped
public class EncoderCatalog {
  private static final Logger LOG = Logger.getLogger(EncoderCatalog.class);

  private final EncoderOptions options;
  private volatile SentenceEncoder builtin;

  public EncoderCatalog(RetrieverConfig config) {
    this.options = new EncoderOptions(config.encoderThreads(), 256, config.embeddingBatchSize());
  }

  /** The name stored for a create request that left the encoder empty. */
  public static String resolveName(String requested) {
    String name =
        requested == null || requested.isBlank() ? EncoderLoader.BUILTIN_MINILM : requested;
    if (!EncoderLoader.isBuiltin(name)) {
      throw new InvalidRequestException(
          "encoder '"
              + CollectionName.abbreviate(name)
              + "' is unknown: the available encoder is '"
              + EncoderLoader.BUILTIN_MINILM
              + "'");
    }
    return name;
  }

  /** The shared document encoder of that name, opened on first use. */
  public SentenceEncoder documentEncoder(String name) {
    resolveName(name);
    SentenceEncoder e = builtin;
    if (e == null) {
      synchronized (this) {
        if (builtin == null) {
          long started = System.nanoTime();
          builtin = EncoderLoader.builtin(name, options);
          LOG.infof(
              "opened encoder %s %s in %d ms",
              name, builtin.descriptor().version(), (System.nanoTime() - started) / 1_000_000);
        }
        e = builtin;
      }
    }
    return e;
  }

  /**
   * Opens a query encoder from a model package; the caller owns and closes it. A package that
   * cannot be read is the caller's NOT_FOUND or INVALID_ARGUMENT, said without the reader's own
   * text (a JSON parser's quotes the file); the log has the cause.
   */
  public SentenceEncoder openPackage(Path modelDir, String version) {
    try {
      return EncoderLoader.fromPackage(modelDir, version, options);
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof FileNotFoundException missing) {
        throw new NotFoundException(missing.getMessage());
      }
      LOG.warnf(e, "model package %s cannot be read", modelDir);
      throw new InvalidRequestException(
          "model package "
              + modelDir.getFileName()
              + ": its tokenizer cannot be read (the retriever's log says why)");
    } catch (IllegalArgumentException e) {
      LOG.warnf(e, "model package %s cannot be opened", modelDir);
      throw new InvalidRequestException(e.getMessage());
    }
  }

  /** Closes an encoder unless it is the shared built-in one. */
  public void release(SentenceEncoder encoder) {
    if (encoder != builtin) {
      encoder.close();
    }
  }

  @PreDestroy
  public void close() {
    if (builtin != null) {
      builtin.close();
    }
  }
}
