package dev.metarag.registry;

import java.util.Optional;

/**
 * @param active the domain's active version now
 * @param previous the version that was active before the call; empty when the domain served the
 *     default model (equal to {@code active} when it was promoted already)
 * @param changed false when the version was already active and nothing changed
 */
public record PromoteResult(RegisteredVersion active, Optional<String> previous, boolean changed) {}
