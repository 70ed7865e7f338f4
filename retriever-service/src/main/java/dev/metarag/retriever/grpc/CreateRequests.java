package dev.metarag.retriever.grpc;

import dev.metarag.proto.v1.CreateCollectionRequest;
import dev.metarag.retriever.collection.CollectionBackend;
import dev.metarag.retriever.collection.CollectionName;
import dev.metarag.retriever.collection.CollectionSettings;
import dev.metarag.retriever.collection.EncoderCatalog;
import dev.metarag.retriever.collection.LexicalAnalyzerKind;
import dev.metarag.retriever.error.InvalidRequestException;

/** Turns a create request into collection settings, filling in defaults. */
final class CreateRequests {
  static final int DEFAULT_WINDOW = 200;
  static final int MIN_WINDOW = 16;

  /** The encoder reads 256 tokens, two of them [CLS] and [SEP]. */
  static final int MAX_WINDOW = 254;

  static final int MAX_DESCRIPTION_CHARS = 1024;

  private CreateRequests() {}

  static CollectionSettings settings(CreateCollectionRequest r, long nowMillis) {
    String name = CollectionName.validate(r.getName());
    int window =
        r.getChunking().getWindowTokens() == 0 ? DEFAULT_WINDOW : r.getChunking().getWindowTokens();
    if (window < MIN_WINDOW || window > MAX_WINDOW) {
      throw new InvalidRequestException(
          "chunking.window_tokens is "
              + window
              + "; it must be between "
              + MIN_WINDOW
              + " and "
              + MAX_WINDOW);
    }
    int stride =
        r.getChunking().getStrideTokens() == 0 ? window * 3 / 4 : r.getChunking().getStrideTokens();
    if (stride < 1 || stride > window) {
      throw new InvalidRequestException(
          "chunking.stride_tokens is "
              + stride
              + "; it must be between 1 and window_tokens ("
              + window
              + ")");
    }
    RequestLimits.requireAtMost(
        "description length in characters", r.getDescription().length(), MAX_DESCRIPTION_CHARS);
    LexicalAnalyzerKind analyzer =
        switch (r.getLexicalAnalyzer()) {
          case LEXICAL_ANALYZER_UNSPECIFIED, LEXICAL_ANALYZER_ENGLISH ->
              LexicalAnalyzerKind.ENGLISH;
          case LEXICAL_ANALYZER_STANDARD -> LexicalAnalyzerKind.STANDARD;
          case LEXICAL_ANALYZER_CJK -> LexicalAnalyzerKind.CJK;
          case UNRECOGNIZED ->
              throw new InvalidRequestException(
                  "lexical_analyzer "
                      + r.getLexicalAnalyzerValue()
                      + " is unknown: use ENGLISH, STANDARD or CJK");
        };
    CollectionBackend backend =
        switch (r.getBackend()) {
          case COLLECTION_BACKEND_UNSPECIFIED, COLLECTION_BACKEND_EMBEDDED ->
              CollectionBackend.EMBEDDED;
          case COLLECTION_BACKEND_SOLRCLOUD -> CollectionBackend.SOLRCLOUD;
          case UNRECOGNIZED ->
              throw new InvalidRequestException(
                  "backend " + r.getBackendValue() + " is unknown: use EMBEDDED or SOLRCLOUD");
        };
    return new CollectionSettings(
        name,
        r.getDescription(),
        window,
        stride,
        analyzer,
        EncoderCatalog.resolveName(r.getEncoder()),
        null,
        nowMillis,
        backend);
  }
}
