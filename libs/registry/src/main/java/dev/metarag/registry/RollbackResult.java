package dev.metarag.registry;

import java.util.Optional;

/**
 * @param active the domain's active version now; empty when it went back to the default model
 * @param rolledBack the version that was active before the rollback
 */
public record RollbackResult(Optional<RegisteredVersion> active, String rolledBack) {
  /** True when the domain now serves the default model. */
  public boolean servingDefault() {
    return active.isEmpty();
  }
}
