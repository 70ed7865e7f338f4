package dev.metarag.retriever.collection;

/**
 * What defines a collection, persisted as {@code collection.json} in its directory.
 *
 * @param queryEncoder null while queries use the document encoder
 */
public record CollectionSettings(
    String name,
    String description,
    int windowTokens,
    int strideTokens,
    LexicalAnalyzerKind analyzer,
    String documentEncoder,
    QueryEncoderOverride queryEncoder,
    long createdAtMillis) {

  public CollectionSettings withQueryEncoder(QueryEncoderOverride override) {
    return new CollectionSettings(
        name,
        description,
        windowTokens,
        strideTokens,
        analyzer,
        documentEncoder,
        override,
        createdAtMillis);
  }
}
