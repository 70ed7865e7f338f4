package dev.metarag.adapter;

import dev.metarag.adapter.adaptation.AdaptationQueue;
import dev.metarag.adapter.adaptation.AdaptationRun;
import dev.metarag.adapter.adaptation.AdaptationTuning;
import dev.metarag.adapter.adaptation.Evaluator;
import dev.metarag.adapter.config.AdapterConfig;
import dev.metarag.adapter.examples.ExampleLoader;
import dev.metarag.adapter.grpc.AdaptRequestValidator;
import dev.metarag.adapter.model.BaseModels;
import dev.metarag.adapter.retrieval.RetrieverClient;
import dev.metarag.adapter.versions.VersionLifecycle;
import dev.metarag.adapter.versions.VersionViews;
import dev.metarag.data.confine.ConfinedRoot;
import dev.metarag.data.select.DatasetSelection;
import dev.metarag.proto.v1.RetrieverGrpc;
import dev.metarag.registry.VersionRegistry;
import dev.metarag.security.client.ServiceChannels;
import dev.metarag.training.model.RagModelSetup;
import io.grpc.ManagedChannel;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Builds the service's parts from its configuration and closes them on shutdown. */
@ApplicationScoped
public class AdapterServices {
  @Inject AdapterConfig config;
  @Inject ServiceChannels channels;

  @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown")
  String codeVersion;

  private ManagedChannel channel;
  private RetrieverClient retriever;
  private VersionRegistry registry;
  private VersionViews views;
  private VersionLifecycle lifecycle;
  private BaseModels models;
  private AdaptationQueue queue;
  private AdaptRequestValidator validator;

  void onStart(@Observes StartupEvent event) {
    RagModelSetup pretrained;
    try {
      pretrained = RagModelSetup.of(config.baseModel());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    channel = channels.open(config.retriever());
    retriever =
        new RetrieverClient(
            RetrieverGrpc.newBlockingStub(channel), config.retrieverDeadlineSeconds());
    registry = VersionRegistry.openForWriting(config.registryDir());
    views = new VersionViews(config.baseModel());
    lifecycle = new VersionLifecycle(registry, retriever);
    models = new BaseModels(config.baseModel(), config.cachedBaseModels(), views);
    validator = new AdaptRequestValidator(pretrained.config().layers());
    AdaptationRun run =
        new AdaptationRun(
            retriever,
            new ExampleLoader(
                new DatasetSelection(
                    new ConfinedRoot(AdapterConfig.DATA_ROOT, config.dataRoot()),
                    new ConfinedRoot(AdapterConfig.SHARED_DATA, config.sharedData()))),
            registry,
            models,
            new Evaluator(retriever, servedThreshold(config), config.maxAnswerTokens()),
            lifecycle,
            views,
            codeVersion,
            new AdaptationTuning(
                config.examplesPerPass(), config.frozenStateCacheMb() * 1024L * 1024L));
    queue = new AdaptationQueue(run, config.maxQueuedAdaptations());
  }

  /**
   * metarag.adapter.served-min-confidence, else the former abstain-below, else the generator's
   * default; outside [0, 1] the service does not start.
   */
  @SuppressWarnings("deprecation")
  static double servedThreshold(AdapterConfig config) {
    double threshold =
        config
            .servedMinConfidence()
            .orElse(config.abstainBelow().orElse(AdapterConfig.DEFAULT_SERVED_MIN_CONFIDENCE));
    if (Double.isNaN(threshold) || threshold < 0 || threshold > 1) {
      throw new IllegalArgumentException(
          "metarag.adapter.served-min-confidence must be in [0, 1], got " + threshold);
    }
    return threshold;
  }

  void onStop(@Observes ShutdownEvent event) {
    queue.close();
    channel.shutdownNow();
  }

  public AdaptationQueue queue() {
    return queue;
  }

  public AdaptRequestValidator validator() {
    return validator;
  }

  public VersionRegistry registry() {
    return registry;
  }

  public VersionViews views() {
    return views;
  }

  public VersionLifecycle lifecycle() {
    return lifecycle;
  }

  public RetrieverClient retriever() {
    return retriever;
  }
}
