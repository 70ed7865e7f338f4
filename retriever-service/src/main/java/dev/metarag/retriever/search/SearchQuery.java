package dev.metarag.retriever.search;

import java.util.List;
import java.util.Map;

/**
 * A validated retrieval request.
 *
 * @param text query text; may be empty in DENSE mode when a vector is given
 * @param vector unit-length query embedding; null in BM25 mode
 * @param filters metadata key to accepted values; all keys must match
 * @param candidatesPerChannel how many passages each channel contributes to fusion
 * @param includeEmbeddings whether hits carry their stored document embedding
 */
public record SearchQuery(
    String text,
    float[] vector,
    SearchMode mode,
    int topK,
    Map<String, List<String>> filters,
    FusionSettings fusion,
    int candidatesPerChannel,
    boolean includeEmbeddings) {}
