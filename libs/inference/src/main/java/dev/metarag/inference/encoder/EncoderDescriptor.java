package dev.metarag.inference.encoder;

/**
 * What an encoder is, for listings and lineage.
 *
 * @param name model name, such as {@code all-minilm-l6-v2}
 * @param version model version: the artefact version of a built-in model, or a package version
 * @param dimension embedding dimension
 * @param source model package directory, or empty for a built-in model
 */
public record EncoderDescriptor(String name, String version, int dimension, String source) {}
