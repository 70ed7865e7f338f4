package dev.metarag.generator.serving;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.metarag.inference.encoder.EncoderLoader;
import dev.metarag.inference.encoder.EncoderOptions;
import dev.metarag.inference.encoder.MiniLmResources;
import dev.metarag.inference.model.ModelPackage;
import dev.metarag.inference.onnx.BaseReader;
import dev.metarag.inference.onnx.OrtSessions;
import dev.metarag.inference.reader.OnnxReader;
import dev.metarag.inference.reader.SpanDecoder;
import dev.metarag.inference.tokenize.WordPieceTokenizer;
import dev.metarag.registry.RegisteredVersion;
import dev.metarag.registry.RegistryException;
import dev.metarag.registry.VersionIds;
import dev.metarag.registry.VersionKind;
import dev.metarag.registry.VersionRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jboss.logging.Logger;

/**
 * Opens the ONNX Runtime sessions of one version: a registry package, or "base", which is built in
 * memory from the pretrained MiniLM graph and the deterministic base heads, exactly as training
 * builds it, so it needs no package.
 */
public final class ModelLoader {
  private static final Logger LOG = Logger.getLogger(ModelLoader.class);

  /** Hidden size of MiniLM-L6, the encoder of the base model. */

  /** Query length the encoders read; the retriever embeds queries with the same limit. */
  private static final int QUERY_MAX_TOKENS = 256;

  /** Span decoding is per request (its longest span is a request field); this one is unused. */
  private static final int UNUSED_MAX_ANSWER_TOKENS = 64;

  private final VersionRegistry registry;
  private final int intraOpThreads;
  private final SessionCounter counter;

  public ModelLoader(VersionRegistry registry, int intraOpThreads, SessionCounter counter) {
    this.registry = registry;
    this.intraOpThreads = intraOpThreads;
    this.counter = counter;
  }

  public SessionCounter counter() {
    return counter;
  }

  /**
   * Loads a version's reader (its query encoder opens on first use).
   *
   * @throws RegistryException NOT_FOUND when the registry has no such version
   * @throws dev.metarag.inference.model.InvalidModelPackageException when its package is damaged
   */
  public ServingSessions load(String version) {
    long started = System.nanoTime();
    ServingSessions sessions =
        VersionIds.BASE.equals(version) ? loadBase() : loadPackage(registered(version));
    LOG.infof(
        "loaded model version %s in %d ms", version, (System.nanoTime() - started) / 1_000_000);
    return sessions;
  }

  private RegisteredVersion registered(String version) {
    return registry
        .find(version)
        .orElseThrow(
            () ->
                new RegistryException(
                    RegistryException.Reason.NOT_FOUND,
                    "model version '" + version + "' is not in the registry (any more)"));
  }

  private ServingSessions loadPackage(RegisteredVersion v) {
    ModelPackage pkg = ModelPackage.open(v.packageDir());
    ReaderSettings settings = ReaderSettings.of(pkg.manifest().path("reader"));
    OnnxReader reader = OnnxReader.open(pkg, UNUSED_MAX_ANSWER_TOKENS, intraOpThreads);
    WordPieceTokenizer tokenizer = WordPieceTokenizer.fromJson(pkg.file(ModelPackage.TOKENIZER));
    return new ServingSessions(
        v.version(),
        v.kind(),
        reader,
        tokenizer,
        settings,
        () -> EncoderLoader.fromPackage(v.packageDir(), v.version(), encoderOptions()),
        counter);
  }

  private ServingSessions loadBase() {
    try {
      byte[] graph = BaseReader.graph();
      OrtSession session =
          OrtEnvironment.getEnvironment().createSession(graph, OrtSessions.options(intraOpThreads));
      WordPieceTokenizer tokenizer =
          WordPieceTokenizer.fromJson(new ByteArrayInputStream(MiniLmResources.tokenizerJson()));
      ReaderSettings settings = ReaderSettings.TRAINING_DEFAULTS;
      OnnxReader reader =
          new OnnxReader(
              session,
              tokenizer,
              new SpanDecoder(UNUSED_MAX_ANSWER_TOKENS, settings.temperature()),
              settings.maxPairTokens(),
              settings.maxQuestionTokens());
      return new ServingSessions(
          VersionIds.BASE,
          VersionKind.BASE,
          reader,
          tokenizer,
          settings,
          () -> EncoderLoader.builtin(EncoderLoader.BUILTIN_MINILM, encoderOptions()),
          counter);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the pretrained MiniLM from the classpath", e);
    } catch (OrtException e) {
      throw new IllegalStateException("cannot open the base reader: " + e.getMessage(), e);
    }
  }

  private EncoderOptions encoderOptions() {
    return new EncoderOptions(intraOpThreads, QUERY_MAX_TOKENS, 1);
  }
}
