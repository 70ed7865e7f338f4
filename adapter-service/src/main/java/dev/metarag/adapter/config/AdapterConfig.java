package dev.metarag.adapter.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** Settings of the adapter service, under {@code metarag.adapter}. */
@ConfigMapping(prefix = "metarag.adapter")
public interface AdapterConfig {

  /**
   * The retriever holding each domain's collection, as host:port (TLS and API key as metarag.client
   * says): support passages come from it, evaluation ranks with it, and promotion swaps its query
   * encoder.
   */
  @WithDefault("localhost:8101")
  String retriever();

  /** The model registry shared with the meta-trainer (a PVC on Kubernetes). */
  Path registryDir();

  /** Root of the named shared data sets (DatasetRef.name); files under it may be given by path. */
  Path sharedData();

  /**
   * Where callers' data set files live: a DatasetRef.path must lie under this or {@link
   * #sharedData()}, and a relative one resolves here.
   */
  Path dataRoot();

  /** The settings that messages name when they refuse a path. */
  String DATA_ROOT = "metarag.adapter.data-root";

  String SHARED_DATA = "metarag.adapter.shared-data";

  /**
   * The pretrained model of the "base" version: {@code all-minilm-l6-v2}, or {@code tiny} (a small
   * random BERT without ONNX export, for quick experiments).
   */
  @WithDefault("all-minilm-l6-v2")
  String baseModel();

  /**
   * Adaptations waiting behind the running one; one more is RESOURCE_EXHAUSTED. Adaptations run one
   * at a time: each holds a model's parameters and gradients in native memory.
   */
  @WithDefault("4")
  int maxQueuedAdaptations();

  /** Base models kept loaded between adaptations (each MiniLM RAG model takes about 0.5 GB). */
  @WithDefault("2")
  int cachedBaseModels();

  /**
   * Support questions per forward and backward pass of an adaptation step; the step's gradient sums
   * the passes. Memory grows with this, not with the support set.
   */
  @WithDefault("4")
  int examplesPerPass();

  /**
   * Memory, in MiB, each unchanged encoder may use to remember its hidden states during one
   * adaptation that leaves it unchanged (heads only), so that the evaluation after and further
   * steps do not run it again; beyond it they are recomputed.
   */
  @WithDefault("1024")
  int frozenStateCacheMb();

  /**
   * The serving threshold of evaluation's served figures (EvaluationMetrics.served_exact_match,
   * served_f1, served_abstained_count): an answer below this confidence is an abstention there and
   * scores 0, as the generator serves it. In [0, 1]; unset means {@link #abstainBelow()} if that is
   * set, else {@value #DEFAULT_SERVED_MIN_CONFIDENCE}, the generator's default
   * (metarag.generator.min-confidence). Keep it equal to the generator's setting.
   */
  Optional<Double> servedMinConfidence();

  /**
   * The former name of {@link #servedMinConfidence()}, honoured when that is unset. It used to make
   * exact_match and f1 score answers below it as abstentions; those now score every answer.
   */
  @Deprecated
  Optional<Double> abstainBelow();

  /** The generator's default min-confidence. */
  double DEFAULT_SERVED_MIN_CONFIDENCE = 0.1;

  /**
   * The longest answer evaluation decodes, in word pieces: 1 to 64; the generator's default for
   * AnswerRequest.max_answer_tokens, 30, scores answers as a request that leaves it unset is
   * served.
   */
  @WithDefault("30")
  int maxAnswerTokens();

  /** Deadline of each call to the retriever, in seconds. */
  @WithDefault("30")
  int retrieverDeadlineSeconds();
}
