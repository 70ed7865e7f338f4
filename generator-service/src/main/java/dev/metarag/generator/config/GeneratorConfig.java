package dev.metarag.generator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Settings of the generator service, under {@code metarag.generator}. */
@ConfigMapping(prefix = "metarag.generator")
public interface GeneratorConfig {

  /**
   * The retriever holding each domain's collection, as host:port (TLS and API key as metarag.client
   * says).
   */
  @WithDefault("localhost:8101")
  String retriever();

  /** The model registry the adapter and meta-trainer write (read-only here). */
  Path registryDir();

  /**
   * The model of domains without an active version: "base", a theta0 or a general id. Unset: the
   * newest theta0, else the newest general version, else "base". While the configured version is
   * not in the registry, that rule stands in.
   */
  Optional<String> defaultVersion();

  /**
   * Answers below this confidence are abstentions unless the request sets its own threshold. 0.1: a
   * trained reader puts most of its mass on one span, an untrained one (the base model's random
   * heads) spreads it over hundreds and abstains.
   */
  @WithDefault("0.1")
  double minConfidence();

  /**
   * How often the registry is read for changed active versions (and a new default model: a theta0
   * or general version registered or deleted).
   */
  @WithDefault("500ms")
  Duration registryPollInterval();

  /** Deadline of each call to the retriever; the caller's own deadline wins when it is sooner. */
  @WithDefault("5s")
  Duration retrieverDeadline();

  /** Calls to the retriever per request when it is UNAVAILABLE, including the first. */
  @WithDefault("3")
  int retrieverAttempts();

  /** Wait before the first retry; doubled for each later one. */
  @WithDefault("100ms")
  Duration retrieverRetryBackoff();

  /**
   * How long the retriever's answer to "which encoder embeds this domain's queries" is reused. A
   * stale answer costs one extra embedding, never a wrong one: each retrieval reports the encoder
   * it used and is repeated with the generator's own embedding when that was not the served one.
   */
  @WithDefault("1s")
  Duration queryEncoderCacheTtl();

  /** Threads ONNX Runtime may use inside one inference call (per session). */
  @WithDefault("1")
  int intraOpThreads();

  /**
   * Pinned versions (AnswerRequest.model_version) kept loaded after their requests; each MiniLM
   * version takes about 100 to 200 MB of native memory.
   */
  @WithDefault("2")
  int cachedPinnedVersions();
}
