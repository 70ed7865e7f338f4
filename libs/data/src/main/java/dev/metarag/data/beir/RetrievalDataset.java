package dev.metarag.data.beir;

import java.util.List;
import java.util.Map;

/**
 * A retrieval benchmark in the BEIR shape.
 *
 * @param queries query id to query text, in file order
 * @param qrels query id to (document id to graded relevance, above 0 meaning relevant), as {@link
 *     dev.metarag.data.eval.RankingMetrics} takes them
 */
public record RetrievalDataset(
    String name,
    List<CorpusDocument> corpus,
    Map<String, String> queries,
    Map<String, Map<String, Integer>> qrels) {}
