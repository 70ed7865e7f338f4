package dev.metarag.generator.support;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metarag.inference.encoder.MiniLmResources;
import dev.metarag.inference.model.ModelPackage;
import dev.metarag.inference.model.ModelPackageWriter;
import dev.metarag.inference.onnx.OnnxModel;
import dev.metarag.inference.onnx.ReaderHeads;
import dev.metarag.proto.v1.RetrieverGrpc;
import dev.metarag.proto.v1.SetQueryEncoderRequest;
import dev.metarag.registry.RegisteredVersion;
import dev.metarag.registry.SwapHook;
import dev.metarag.registry.VersionKind;
import dev.metarag.registry.VersionRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Model versions in the registry the generator under test reads, made as the adapter (or a
 * general-reader job) makes them but without DJL: the pretrained MiniLM as query encoder, MiniLM
 * with random heads (seeded) as reader, and a manifest with the adapter's fields and a
 * registration. Promotions and rollbacks go through {@link VersionRegistry} like the adapter's,
 * optionally swapping the retriever's query encoder first.
 */
public final class TestModels {
  private static byte[] minilm;
  private static byte[] tokenizer;
  private static OnnxModel minilmGraph;

  private TestModels() {}

  /** The registry of the generator under test, as a second (test) process would open it. */
  public static VersionRegistry registry() {
    return new VersionRegistry(
        ConfigProvider.getConfig().getValue("metarag.generator.registry-dir", Path.class));
  }

  /** Registers a new ADAPTED version of the domain whose reader heads come from {@code seed}. */
  public static String adapted(VersionRegistry registry, String domain, long seed) {
    String version = registry.reserveAdaptedVersion(domain);
    write(registry, version, domain, VersionKind.ADAPTED, seed);
    return version;
  }

  /**
   * Registers a new GENERAL version, as a general-reader job would, whose reader heads come from
   * {@code seed}.
   */
  public static String general(VersionRegistry registry, long seed) {
    String version = registry.reserveGeneralVersion();
    write(registry, version, "", VersionKind.GENERAL, seed);
    return version;
  }

  private static void write(
      VersionRegistry registry, String version, String domain, VersionKind kind, long seed) {
    try {
      load();
      Map<String, byte[]> files = new LinkedHashMap<>();
      files.put(ModelPackage.QUERY_ENCODER, minilm);
      files.put(ModelPackage.READER, ReaderHeads.initial(384, seed).appendTo(minilmGraph));
      files.put(ModelPackage.TOKENIZER, tokenizer);
      ObjectNode manifest = JsonNodeFactory.instance.objectNode();
      manifest.put("name", "metarag-rag");
      manifest.put("version", version);
      manifest.put("model", "all-minilm-l6-v2");
      manifest
          .putObject("encoder")
          .put("layers", 6)
          .put("hidden", 384)
          .put("heads", 12)
          .put("intermediate", 1536);
      manifest
          .putObject("reader")
          .put("max_pair_tokens", 256)
          .put("max_question_tokens", 48)
          .put("temperature", 0.05);
      manifest.set(
          "registration",
          VersionRegistry.registration(
              version,
              domain,
              kind,
              "base",
              System.currentTimeMillis(),
              JsonNodeFactory.instance.objectNode().put("description", "test heads " + seed)));
      ModelPackageWriter.write(registry.path(version), files, manifest);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Points the retriever's query encoder at the new active version, as the adapter does. */
  public static SwapHook retrieverFollows(
      RetrieverGrpc.RetrieverBlockingStub retriever, String domain) {
    return (Optional<RegisteredVersion> active) ->
        retriever.setQueryEncoder(
            SetQueryEncoderRequest.newBuilder()
                .setCollection(domain)
                .setModelDir(active.map(v -> v.packageDir().toString()).orElse(""))
                .setVersion(active.map(RegisteredVersion::version).orElse(""))
                .build());
  }

  private static synchronized void load() throws IOException {
    if (minilm == null) {
      minilm = MiniLmResources.model();
      tokenizer = MiniLmResources.tokenizerJson();
      minilmGraph = OnnxModel.parse(minilm);
    }
  }
}
