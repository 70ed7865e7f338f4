package dev.metarag.registry;

/** What a model version is; the names match the {@code kind} field of a package registration. */
public enum VersionKind {
  /** The pretrained model, version {@code base}; it needs no package in the registry. */
  BASE,
  /** An initialisation produced by a meta-training job, {@code theta0-<n>}; of no domain. */
  THETA0,
  /**
   * A domain's model, {@code <domain>-v<n>}, adapted from a base, a theta0 or an earlier version.
   */
  ADAPTED,
  /**
   * A general reader, {@code general-<n>}: the model trained on a general-domain data set (SQuAD)
   * by a general-reader job; of no domain. Where one is registered it replaces the untrained base
   * as the starting point of adaptation, meta-training and serving.
   */
  GENERAL
}
