package dev.metarag.generator;

import dev.metarag.generator.answer.AnswerPipeline;
import dev.metarag.generator.answer.ServingModelView;
import dev.metarag.generator.config.GeneratorConfig;
import dev.metarag.generator.grpc.AnswerRequestValidator;
import dev.metarag.generator.retrieval.CollectionCache;
import dev.metarag.generator.retrieval.RetrieverClient;
import dev.metarag.generator.serving.DomainModels;
import dev.metarag.generator.serving.LoadedModels;
import dev.metarag.generator.serving.ModelLoader;
import dev.metarag.generator.serving.PinnedModels;
import dev.metarag.generator.serving.RegistryWatcher;
import dev.metarag.generator.serving.SessionCounter;
import dev.metarag.generator.serving.VersionChooser;
import dev.metarag.proto.v1.EncoderInfo;
import dev.metarag.proto.v1.RetrieverGrpc;
import dev.metarag.proto.v1.ServingModel;
import dev.metarag.registry.VersionRegistry;
import dev.metarag.security.client.ServiceChannels;
import io.grpc.ManagedChannel;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Builds the service's parts from its configuration and closes them on shutdown. */
@ApplicationScoped
public class GeneratorServices {
  @Inject GeneratorConfig config;
  @Inject MeterRegistry meters;
  @Inject ServiceChannels channels;

  private ManagedChannel channel;
  private RetrieverClient retriever;
  private CollectionCache collections;
  private VersionChooser chooser;
  private SessionCounter sessions;
  private LoadedModels loaded;
  private DomainModels domains;
  private PinnedModels pinned;
  private RegistryWatcher watcher;
  private AnswerPipeline pipeline;
  private AnswerRequestValidator validator;

  void onStart(@Observes StartupEvent event) {
    channel = channels.open(config.retriever());
    retriever =
        new RetrieverClient(
            RetrieverGrpc.newBlockingStub(channel),
            config.retrieverDeadline(),
            config.retrieverAttempts(),
            config.retrieverRetryBackoff());
    collections = new CollectionCache(retriever, config.queryEncoderCacheTtl(), System::nanoTime);
    VersionRegistry registry = new VersionRegistry(config.registryDir());
    chooser = new VersionChooser(registry, config.defaultVersion());
    sessions = new SessionCounter();
    ModelLoader loader = new ModelLoader(registry, config.intraOpThreads(), sessions);
    loaded = new LoadedModels(loader::load);
    domains = new DomainModels(loaded, chooser, System::currentTimeMillis);
    pinned = new PinnedModels(loaded, config.cachedPinnedVersions());
    watcher = new RegistryWatcher(domains, chooser, System::currentTimeMillis);
    watcher.start(config.registryPollInterval());
    pipeline = new AnswerPipeline(collections, retriever, domains, pinned, chooser);
    validator = new AnswerRequestValidator(config.minConfidence());
    Gauge.builder("metarag.generator.open.sessions", sessions, SessionCounter::open)
        .description("ONNX Runtime sessions (readers and query encoders) open in this process")
        .register(meters);
    Gauge.builder("metarag.generator.loaded.versions", loaded, l -> l.versions().size())
        .description("model versions loaded, shared by the domains and pinned requests using them")
        .register(meters);
  }

  void onStop(@Observes ShutdownEvent event) {
    watcher.close();
    domains.close();
    pinned.close();
    channel.shutdownNow();
  }

  /**
   * What a domain serves now: the loaded model, or, before its first request, the version it will
   * load.
   *
   * @param retrieverEncoder the retriever's query encoder for the domain; null when unknown
   */
  public ServingModel servingModel(String domain, EncoderInfo retrieverEncoder) {
    return domains
        .current(domain)
        .map(m -> ServingModelView.of(m, retrieverEncoder))
        .orElseGet(() -> ServingModelView.of(domain, chooser.served(domain), 0, retrieverEncoder));
  }

  public AnswerPipeline pipeline() {
    return pipeline;
  }

  public AnswerRequestValidator validator() {
    return validator;
  }

  public RetrieverClient retriever() {
    return retriever;
  }

  public LoadedModels loaded() {
    return loaded;
  }

  public SessionCounter sessions() {
    return sessions;
  }

  public PinnedModels pinned() {
    return pinned;
  }
}
