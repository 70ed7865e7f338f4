/**
 * The models the generator serves: sessions of one version loaded on ONNX Runtime and shared by
 * reference count ({@link dev.metarag.generator.serving.LoadedModels}), each domain's served
 * version behind a hot swap ({@link dev.metarag.generator.serving.DomainModels}), pinned versions
 * in a small LRU cache, and the watcher that follows promotions and rollbacks in the registry.
 */
package dev.metarag.generator.serving;
