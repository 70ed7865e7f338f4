package dev.metarag.retriever.store;

import dev.metarag.retriever.index.PassageRecord;
import java.util.List;
import java.util.Map;

/** A source document, chunked and embedded, ready to replace whatever is stored under its id. */
public record DocumentPassages(
    String documentId, Map<String, String> metadata, List<PassageRecord> passages) {}
