package dev.metarag.adapter.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.metarag.adapter.versions.VersionViews;
import dev.metarag.inference.encoder.HiddenStateGraph;
import dev.metarag.inference.encoder.MiniLmResources;
import dev.metarag.inference.model.ModelPackage;
import dev.metarag.inference.onnx.ReaderHeads;
import dev.metarag.proto.v1.ModelVersion;
import dev.metarag.registry.RegisteredVersion;
import dev.metarag.registry.VersionKind;
import dev.metarag.training.export.RagExport;
import dev.metarag.training.export.RagPackages;
import dev.metarag.training.memory.NativeHeap;
import dev.metarag.training.model.RagModelSetup;
import dev.metarag.training.rag.RagParameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Loads the model a version stands for and keeps the most recently used ones loaded: loading
 * MiniLM's weights takes seconds, which a few-shot adaptation should not pay every time. Versions
 * never change once registered, so a loaded model never goes stale.
 *
 * <p>Not thread-safe: the adaptation thread is its only user.
 */
public final class BaseModels implements AutoCloseable {
  /** ONNX Runtime threads for frozen encoders: the adaptation thread is the only user. */
  public static final int THREADS = Runtime.getRuntime().availableProcessors();

  private final String pretrainedModel;
  private final int capacity;
  private final VersionViews views;
  private final Map<String, BaseModel> loaded = new LinkedHashMap<>(4, 0.75f, true);

  /**
   * @param pretrainedModel the model of the BASE version ({@link RagModelSetup#of} names)
   * @param capacity models kept loaded
   */
  public BaseModels(String pretrainedModel, int capacity, VersionViews views) {
    this.pretrainedModel = pretrainedModel;
    this.capacity = Math.max(1, capacity);
    this.views = views;
    // Before the first tensor: adaptation steps then fault in huge pages instead of 4 KB ones.
    NativeHeap.useHugePages();
  }

  /** The loaded model of a registered version (or of BASE). */
  public BaseModel load(RegisteredVersion version) {
    BaseModel model = loaded.get(version.version());
    if (model == null) {
      model = read(version);
      loaded.put(version.version(), model);
      evictBeyondCapacity();
    }
    return model;
  }

  private BaseModel read(RegisteredVersion version) {
    ModelVersion view = views.toProto(version);
    NDManager manager = NDManager.newBaseManager("PyTorch");
    try {
      if (version.kind() == VersionKind.BASE) {
        RagModelSetup setup = RagModelSetup.of(pretrainedModel);
        RagParameters params = setup.initialParameters(ReaderHeads.BASE_SEED, manager);
        Optional<RagExport> exporter = exporter(setup);
        // The base's query encoder is the pretrained graph itself.
        FrozenEncoders frozen =
            exporter.isPresent()
                ? FrozenEncoders.onnx(BaseModels::pretrainedGraph, exporter.get(), params, THREADS)
                : FrozenEncoders.djl(setup, params, manager, exporter);
        return new BaseModel(
            view, setup, params.asMap(), new LinkedHashMap<>(), exporter, frozen, manager);
      }
      ModelPackage pkg = ModelPackage.open(version.packageDir());
      RagModelSetup setup = RagModelSetup.of(RagPackages.modelName(pkg));
      RagParameters params = RagPackages.readParameters(version.packageDir(), manager);
      Map<String, NDArray> rates = RagPackages.readInnerRates(version.packageDir(), manager);
      Path query = version.packageDir().resolve(ModelPackage.QUERY_ENCODER);
      Optional<RagExport> exporter = exporter(setup);
      FrozenEncoders frozen =
          exporter.isPresent() && Files.exists(query)
              ? FrozenEncoders.onnx(
                  () -> HiddenStateGraph.open(query, THREADS), exporter.get(), params, THREADS)
              : FrozenEncoders.djl(setup, params, manager, exporter);
      return new BaseModel(view, setup, params.asMap(), rates, exporter, frozen, manager);
    } catch (IOException e) {
      manager.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  private static HiddenStateGraph pretrainedGraph() {
    try {
      return HiddenStateGraph.open(MiniLmResources.model(), THREADS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<RagExport> exporter(RagModelSetup setup) throws IOException {
    return setup.onnxBase().map(RagExport::new);
  }

  private void evictBeyondCapacity() {
    var it = loaded.entrySet().iterator();
    while (loaded.size() > capacity && it.hasNext()) {
      BaseModel eldest = it.next().getValue();
      it.remove();
      eldest.close();
    }
  }

  @Override
  public void close() {
    loaded.values().forEach(BaseModel::close);
    loaded.clear();
  }
}
