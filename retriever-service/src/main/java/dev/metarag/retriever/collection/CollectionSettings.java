package dev.metarag.retriever.collection;

/**
 * What defines a collection, persisted as {@code collection.json} in its directory.
 *
 * @param queryEncoder null while queries use the document encoder
 * @param backend where the passages live; settings written before backends existed read as EMBEDDED
 */
public record CollectionSettings(
    String name,
    String description,
    int windowTokens,
    int strideTokens,
    LexicalAnalyzerKind analyzer,
    String documentEncoder,
    QueryEncoderOverride queryEncoder,
    long createdAtMillis,
    CollectionBackend backend) {

  public CollectionSettings {
    backend = backend == null ? CollectionBackend.EMBEDDED : backend;
  }

  public CollectionSettings withQueryEncoder(QueryEncoderOverride override) {
    return new CollectionSettings(
        name,
        description,
        windowTokens,
        strideTokens,
        analyzer,
        documentEncoder,
        override,
        createdAtMillis,
        backend);
  }
}
