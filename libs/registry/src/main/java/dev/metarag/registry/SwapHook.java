package dev.metarag.registry;

import java.util.Optional;

/**
 * What must happen outside the registry before a domain's active version changes: the adapter swaps
 * the retriever's query encoder for the collection. Called while the domain's lock is held, before
 * the new state is written; if it throws, the state stays as it was and the exception reaches the
 * caller unchanged.
 */
@FunctionalInterface
public interface SwapHook {
  /** For callers with nothing to swap. */
  SwapHook NONE = newActive -> {};

  /**
   * @param newActive the version about to become active (with its activation time), or empty when
   *     the domain is about to go back to the default model
   */
  void beforeCommit(Optional<RegisteredVersion> newActive);
}
