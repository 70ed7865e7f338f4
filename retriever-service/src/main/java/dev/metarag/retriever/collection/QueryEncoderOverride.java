package dev.metarag.retriever.collection;

/**
 * A query encoder that replaced the collection's document encoder for queries.
 *
 * @param modelDir the model package directory it is loaded from
 * @param version the version label given when it was set, or empty for the package's own
 */
public record QueryEncoderOverride(String modelDir, String version) {}
