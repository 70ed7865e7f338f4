package dev.metarag.generator.serving;

import dev.metarag.registry.VersionKind;

/**
 * Which version answers for a domain, and why.
 *
 * @param isDefault true when the domain has no active version and the default model answers
 * @param pinned true when the request named the version
 */
public record Choice(String version, VersionKind kind, boolean isDefault, boolean pinned) {}
