/**
 * The models the generator serves: sessions of one version loaded on ONNX Runtime and shared by
 * reference count ({@link dev.metarag.generator.serving.LoadedModels}), each domain's served
 * version behind a hot swap ({@link dev.metarag.generator.serving.DomainModels}), pinned versions
 * in a small LRU cache, and the watcher that follows promotions and rollbacks in the registry, and
 * the default model of domains without an active version as theta0 and general versions are
 * registered or deleted.
 */
package dev.metarag.generator.serving;
